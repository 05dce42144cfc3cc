using Flotilla.LoadTest.Execution;

namespace Flotilla.LoadTest.Scripting.Options;

/// <summary>
/// Turns a script's options and the command line's overrides into a plan, by k6's rules:
/// <list type="number">
/// <item>Overrides apply as k6's config tiers do (<c>lib.Options.Apply</c>): a <c>--duration</c>
/// clears the script's duration, iterations, stages and scenarios; <c>--vus</c> replaces only
/// <c>vus</c>, so <c>--vus 50</c> with the script's <c>duration: '1m'</c> is 50 VUs for 1 m.</item>
/// <item>The shortcuts then become one scenario named <c>default</c> (k6's
/// <c>DeriveScenariosFromShortcuts</c>): iterations → shared-iterations (maxDuration = duration,
/// else 10 m); duration → constant-vus; stages → ramping-vus from <c>vus</c> VUs; vus alone →
/// shared-iterations of one iteration per VU; nothing → 1 VU, 1 iteration. Mixing two shortcuts,
/// or a shortcut and scenarios, is k6's error.</item>
/// </list>
/// <c>--rate</c> is flotilla's own: one constant-arrival-rate scenario at that many iterations a second
/// for <c>--duration</c> (else the script's duration) on <c>--vus</c> VUs (else 100).
/// </summary>
internal static class K6PlanBuilder
{
    public const int DefaultOpenModelVus = 100;
    private static readonly TimeSpan DefaultMaxDuration = TimeSpan.FromMinutes(10);

    public static (LoadTestPlan Plan, IReadOnlyList<string> Notes) Build(K6Options options, ScriptOverrides overrides)
    {
        Validate(overrides);
        if (overrides.Rate is { } rate)
        {
            var length = overrides.Duration ?? options.Duration
                ?? throw new LoadTestInputException("--rate needs a duration: give --duration (the script's options have no 'duration')");
            var pool = overrides.Vus ?? DefaultOpenModelVus;
            return (new LoadTestPlan([new ConstantArrivalRateScenario(rate, TimeSpan.FromSeconds(1), length, pool, pool)]), []);
        }

        var notes = new List<string>();
        var vus = overrides.Vus ?? options.Vus;
        var duration = options.Duration;
        var iterations = options.Iterations;
        var stages = options.Stages;
        var scenarios = options.Scenarios;
        if (overrides.Duration is { } cliDuration)
        {
            duration = cliDuration;
            iterations = null;
            stages = null;
            scenarios = null;
        }
        else if (overrides.Vus is { } cliVus && scenarios is { Count: > 0 } && duration is null && iterations is null && stages is not { Count: > 0 })
        {
            notes.Add($"--vus {cliVus} does not change the script's scenarios (as in k6); add --duration to run {cliVus} looping VUs instead");
        }

        ScenarioSpec scenario;
        if (iterations is { } iters)
        {
            if (stages is { Count: > 0 }) throw Conflict("using `iterations` and `stages` options simultaneously is not allowed");
            if (scenarios is not null) throw Conflict("using `iterations` and `scenarios` options simultaneously is not allowed");
            var sharedVus = vus ?? 1;
            if (sharedVus < 1) throw new LoadTestInputException("options.vus: the number of VUs should be more than 0");
            if (iters < sharedVus) throw new LoadTestInputException($"options: the number of iterations ({iters}) shouldn't be less than the number of VUs ({sharedVus})");
            scenario = new SharedIterationsScenario(sharedVus, iters, duration ?? DefaultMaxDuration);
        }
        else if (duration is { } length)
        {
            if (stages is { Count: > 0 }) throw Conflict("using `duration` and `stages` options simultaneously is not allowed");
            if (scenarios is not null) throw Conflict("using `duration` and `scenarios` options simultaneously is not allowed");
            if (length <= TimeSpan.Zero) throw Conflict("`duration` option should be more than 0");
            var looping = vus ?? 1;
            if (looping < 1) throw new LoadTestInputException("options.vus: the number of VUs should be more than 0");
            scenario = new ConstantVusScenario(looping, length);
        }
        else if (stages is { Count: > 0 })
        {
            if (scenarios is not null) throw Conflict("using `stages` and `scenarios` options simultaneously is not allowed");
            scenario = new RampingVusScenario(vus ?? 1, stages);
        }
        else if (vus is { } onlyVus && scenarios is null)
        {
            if (onlyVus < 1) throw new LoadTestInputException("options.vus: the number of VUs should be more than 0");
            scenario = new SharedIterationsScenario(onlyVus, onlyVus, DefaultMaxDuration);
        }
        else if (scenarios is { Count: > 0 })
        {
            return (new LoadTestPlan(scenarios), notes);
        }
        else
        {
            if (stages is not null) notes.Add("`stages` was explicitly set to an empty value, running the script with 1 iteration in 1 VU");
            if (scenarios is not null) notes.Add("`scenarios` was explicitly set to an empty value, running the script with 1 iteration in 1 VU");
            scenario = new SharedIterationsScenario(1, 1, DefaultMaxDuration);
        }
        return (new LoadTestPlan([scenario]), notes);
    }

    private static void Validate(ScriptOverrides overrides)
    {
        if (overrides.Vus is < 1 or > K6ScenarioReader.MaxVus) throw new LoadTestInputException($"--vus: {overrides.Vus} is out of range (1 to {K6ScenarioReader.MaxVus:N0})");
        if (overrides.Duration is { } d && d <= TimeSpan.Zero) throw new LoadTestInputException("--duration: must be longer than 0s");
        if (overrides.Rate is { } r && !(r > 0 && double.IsFinite(r))) throw new LoadTestInputException("--rate: must be more than 0");
    }

    private static LoadTestInputException Conflict(string k6Message) => new($"options: {k6Message}");
}
