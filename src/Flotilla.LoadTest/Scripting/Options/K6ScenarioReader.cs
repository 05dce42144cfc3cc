using Flotilla.LoadTest.Execution;

namespace Flotilla.LoadTest.Scripting.Options;

/// <summary>
/// Reads <c>options.scenarios</c> into scenarios, with k6's executor names and defaults
/// (gracefulStop 30 s, timeUnit 1 s, maxDuration 10 m, maxVUs = preAllocatedVUs). Executors
/// flotilla cannot run are refused by name.
/// </summary>
internal static class K6ScenarioReader
{
    public const int MaxVus = 100_000;
    private const string Supported = "constant-vus, ramping-vus, shared-iterations, constant-arrival-rate";
    private static readonly HashSet<string> KnownUnsupported = new(StringComparer.Ordinal) { "per-vu-iterations", "ramping-arrival-rate", "externally-controlled" };

    public static IReadOnlyList<ScenarioSpec> Read(OptionNode scenarios)
    {
        var list = new List<ScenarioSpec>();
        foreach (var name in scenarios.Keys)
        {
            if (scenarios.Object(name) is not { } node) continue;
            list.Add(ReadOne(name, node));
        }
        return list;
    }

    /// <summary>The stages of a ramping-vus scenario, or of the top-level <c>stages</c> shortcut.</summary>
    public static List<RampStage> Stages(OptionNode node, string key)
    {
        var stages = new List<RampStage>();
        var raw = node.Array(key) ?? [];
        for (var i = 0; i < raw.Count; i++)
        {
            var stage = node.Element(key, i, raw[i]);
            var duration = stage.Duration("duration") ?? throw new LoadTestInputException($"{stage.Path}.duration: required");
            var target = stage.Int("target", 0, MaxVus) ?? 0;
            stages.Add(new RampStage(duration, target));
        }
        return stages;
    }

    private static ScenarioSpec ReadOne(string name, OptionNode node)
    {
        var executor = node.String("executor") ?? throw new LoadTestInputException($"{node.At("executor")}: required (one of: {Supported})");
        if (node.Has("env"))
        {
            throw new LoadTestInputException($"{node.At("env")}: per-scenario environment variables are not supported by flotilla loadtest (use __ENV with -e KEY=VALUE)");
        }
        ScenarioSpec spec = executor switch
        {
            "constant-vus" => new ConstantVusScenario(node.Int("vus", 1, MaxVus) ?? 1, Required(node, "duration")),
            "ramping-vus" => RampingVus(node),
            "shared-iterations" => SharedIterations(node),
            "constant-arrival-rate" => ConstantArrivalRate(node),
            _ when KnownUnsupported.Contains(executor) => throw new LoadTestInputException(
                $"{node.At("executor")}: executor '{executor}' is not supported by flotilla loadtest (supported: {Supported})"),
            _ => throw new LoadTestInputException($"{node.At("executor")}: unknown executor '{executor}' (supported: {Supported})"),
        };
        return spec with
        {
            Name = name,
            StartTime = node.Duration("startTime") ?? TimeSpan.Zero,
            GracefulStop = node.Duration("gracefulStop") ?? TimeSpan.FromSeconds(30),
            Exec = node.String("exec"),
        };
    }

    private static RampingVusScenario RampingVus(OptionNode node)
    {
        var stages = Stages(node, "stages");
        if (stages.Count == 0) throw new LoadTestInputException($"{node.At("stages")}: at least one stage is required");
        return new RampingVusScenario(node.Int("startVUs", 0, MaxVus) ?? 1, stages)
        {
            GracefulRampDown = node.Duration("gracefulRampDown") ?? TimeSpan.FromSeconds(30),
        };
    }

    private static SharedIterationsScenario SharedIterations(OptionNode node)
    {
        var vus = node.Int("vus", 1, MaxVus) ?? 1;
        var iterations = node.Whole("iterations", 1) ?? 1;
        if (iterations < vus)
        {
            // k6's own check: a VU would have nothing to do.
            throw new LoadTestInputException($"{node.Path}: the number of iterations ({iterations}) shouldn't be less than the number of VUs ({vus})");
        }
        return new SharedIterationsScenario(vus, iterations, Positive(node, "maxDuration") ?? TimeSpan.FromMinutes(10));
    }

    private static ConstantArrivalRateScenario ConstantArrivalRate(OptionNode node)
    {
        var rate = node.Number("rate") ?? throw new LoadTestInputException($"{node.At("rate")}: required");
        if (rate <= 0) throw new LoadTestInputException($"{node.At("rate")}: must be more than 0");
        var timeUnit = Positive(node, "timeUnit") ?? TimeSpan.FromSeconds(1);
        var preAllocated = node.Int("preAllocatedVUs", 0, MaxVus) ?? throw new LoadTestInputException($"{node.At("preAllocatedVUs")}: required");
        var max = node.Int("maxVUs", 0, MaxVus) ?? preAllocated;
        if (max < preAllocated) throw new LoadTestInputException($"{node.At("maxVUs")}: must be at least preAllocatedVUs ({preAllocated})");
        if (max == 0) throw new LoadTestInputException($"{node.At("maxVUs")}: must be more than 0");
        return new ConstantArrivalRateScenario(rate, timeUnit, Required(node, "duration"), preAllocated, max);
    }

    private static TimeSpan Required(OptionNode node, string key) =>
        Positive(node, key) ?? throw new LoadTestInputException($"{node.At(key)}: required");

    private static TimeSpan? Positive(OptionNode node, string key) => node.Duration(key) switch
    {
        null => null,
        { } d when d > TimeSpan.Zero => d,
        _ => throw new LoadTestInputException($"{node.At(key)}: must be more than 0"),
    };
}
