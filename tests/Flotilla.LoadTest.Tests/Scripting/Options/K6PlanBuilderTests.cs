using Flotilla.LoadTest.Execution;
using Flotilla.LoadTest.Scripting;

namespace Flotilla.LoadTest.Tests.Scripting.Options;

/// <summary>A script's options and the command line's overrides become the plan k6 would run.</summary>
public sealed class K6PlanBuilderTests : IDisposable
{
    private static readonly TimeSpan S30 = TimeSpan.FromSeconds(30);
    private readonly ScriptFiles _files = new();

    private IReadOnlyList<ScenarioSpec> Plan(string options, ScriptOverrides? overrides = null, string functions = "") =>
        K6Script.Load(_files.Write($"export const options = {{ {options} }};\nexport default function () {{}}\n{functions}"), overrides ?? ScriptOverrides.None).Plan.Scenarios;

    private static TimeSpan S(double seconds) => TimeSpan.FromSeconds(seconds);

    [Fact]
    public void Nothing_given_is_one_VU_doing_one_iteration() =>
        Assert.Equal([new SharedIterationsScenario(1, 1, TimeSpan.FromMinutes(10))], Plan(""));

    [Fact]
    public void Vus_and_duration_are_constant_vus() =>
        Assert.Equal([new ConstantVusScenario(10_000, S(10))], Plan("vus: 10000, duration: '10s'"));

    [Fact]
    public void Duration_alone_is_one_looping_VU() =>
        Assert.Equal([new ConstantVusScenario(1, S(90))], Plan("duration: '1m30s'"));

    [Fact]
    public void Iterations_are_shared_iterations_bounded_by_the_duration() =>
        Assert.Equal([new SharedIterationsScenario(4, 20, S(5))], Plan("vus: 4, iterations: 20, duration: '5s'"));

    [Fact]
    public void Iterations_alone_run_on_one_VU_for_at_most_ten_minutes() =>
        Assert.Equal([new SharedIterationsScenario(1, 7, TimeSpan.FromMinutes(10))], Plan("iterations: 7"));

    [Fact]
    public void Vus_alone_are_one_iteration_each() =>
        Assert.Equal([new SharedIterationsScenario(5, 5, TimeSpan.FromMinutes(10))], Plan("vus: 5"));

    [Fact]
    public void Stages_are_ramping_vus_from_vus()
    {
        var plan = Assert.Single(Plan("vus: 2, stages: [{ duration: '10s', target: 20 }, { duration: 5000, target: 0 }]"));
        var ramp = Assert.IsType<RampingVusScenario>(plan);
        Assert.Equal(2, ramp.StartVus);
        Assert.Equal([new RampStage(S(10), 20), new RampStage(S(5), 0)], ramp.Stages);
        Assert.Equal(1, Assert.IsType<RampingVusScenario>(Assert.Single(Plan("stages: [{ duration: '1s', target: 3 }]"))).StartVus);
    }

    [Fact]
    public void Every_supported_executor_maps_to_its_scenario_in_order_with_its_common_settings()
    {
        var scenarios = Plan("""
            scenarios: {
              browse: { executor: 'constant-vus', vus: 3, duration: '20s', gracefulStop: '5s', exec: 'browse' },
              ramp: { executor: 'ramping-vus', startVUs: 0, stages: [{ duration: '10s', target: 10 }], gracefulRampDown: '2s', startTime: '20s' },
              batch: { executor: 'shared-iterations', vus: 2, iterations: 100, maxDuration: '1m' },
              api: { executor: 'constant-arrival-rate', rate: 300, timeUnit: '1m', duration: '30s', preAllocatedVUs: 10, maxVUs: 50, exec: 'api', tags: { kind: 'api' } },
            }
            """, functions: "export function browse() {}\nexport function api() {}\n");
        Assert.Equal(
            [
                new ConstantVusScenario(3, S(20)) { Name = "browse", GracefulStop = S(5), Exec = "browse" },
                new RampingVusScenario(0, [new RampStage(S(10), 10)]) { Name = "ramp", GracefulRampDown = S(2), StartTime = S(20) },
                new SharedIterationsScenario(2, 100, S(60)) { Name = "batch" },
                new ConstantArrivalRateScenario(300, S(60), S(30), 10, 50) { Name = "api", Exec = "api" },
            ],
            scenarios, new ScenarioComparer());
        Assert.Equal(5, ((ConstantArrivalRateScenario)scenarios[3]).PerSecond);
        Assert.All(scenarios.Take(3), s => Assert.Equal(s.Name == "browse" ? S(5) : S30, s.GracefulStop));
    }

    [Fact]
    public void Scenario_defaults_are_k6s()
    {
        var scenarios = Plan("scenarios: { a: { executor: 'constant-arrival-rate', rate: 10, duration: '1s', preAllocatedVUs: 4 }, b: { executor: 'shared-iterations' }, c: { executor: 'constant-vus', duration: '1s' } }");
        Assert.Equal(new ConstantArrivalRateScenario(10, S(1), S(1), 4, 4) { Name = "a" }, scenarios[0]);
        Assert.Equal(new SharedIterationsScenario(1, 1, TimeSpan.FromMinutes(10)) { Name = "b" }, scenarios[1]);
        Assert.Equal(new ConstantVusScenario(1, S(1)) { Name = "c" }, scenarios[2]);
    }

    [Fact]
    public void Cli_duration_replaces_the_scripts_execution_and_keeps_its_vus()
    {
        var overrides = new ScriptOverrides(Duration: S(3));
        Assert.Equal([new ConstantVusScenario(7, S(3))], Plan("vus: 7, iterations: 100", overrides));
        Assert.Equal([new ConstantVusScenario(7, S(3))], Plan("vus: 7, stages: [{ duration: '1m', target: 100 }]", overrides));
        Assert.Equal([new ConstantVusScenario(1, S(3))], Plan("scenarios: { a: { executor: 'constant-vus', vus: 9, duration: '1m' } }", overrides));
    }

    [Fact]
    public void Cli_vus_and_duration_replace_everything()
    {
        var overrides = new ScriptOverrides(Vus: 3, Duration: S(2));
        Assert.Equal([new ConstantVusScenario(3, S(2))], Plan("vus: 10000, duration: '10s'", overrides));
        Assert.Equal([new ConstantVusScenario(3, S(2))], Plan("scenarios: { a: { executor: 'shared-iterations', iterations: 5 } }", overrides));
    }

    [Fact]
    public void Cli_vus_alone_combines_with_the_scripts_duration_iterations_or_stages()
    {
        var overrides = new ScriptOverrides(Vus: 4);
        Assert.Equal([new ConstantVusScenario(4, S(10))], Plan("vus: 10000, duration: '10s'", overrides));
        Assert.Equal([new SharedIterationsScenario(4, 40, TimeSpan.FromMinutes(10))], Plan("iterations: 40", overrides));
        Assert.Equal(4, Assert.IsType<RampingVusScenario>(Assert.Single(Plan("stages: [{ duration: '5s', target: 8 }]", overrides))).StartVus);
        Assert.Equal([new SharedIterationsScenario(4, 4, TimeSpan.FromMinutes(10))], Plan("", overrides));
    }

    [Fact]
    public void Cli_vus_alone_leaves_scenarios_as_k6_does_with_a_note()
    {
        var script = K6Script.Load(_files.Write("export const options = { scenarios: { a: { executor: 'constant-vus', vus: 9, duration: '1m' } } };\nexport default function () {}\n"), new ScriptOverrides(Vus: 4));
        Assert.Equal([new ConstantVusScenario(9, S(60)) { Name = "a" }], script.Plan.Scenarios);
        Assert.Equal("--vus 4 does not change the script's scenarios (as in k6); add --duration to run 4 looping VUs instead", Assert.Single(script.Notes));
    }

    [Fact]
    public void Cli_rate_is_one_open_model_scenario()
    {
        Assert.Equal([new ConstantArrivalRateScenario(250, S(1), S(10), 100, 100)], Plan("vus: 10000, duration: '10s'", new ScriptOverrides(Rate: 250)));
        Assert.Equal([new ConstantArrivalRateScenario(50, S(1), S(4), 20, 20)],
            Plan("scenarios: { a: { executor: 'constant-vus', duration: '1m' } }", new ScriptOverrides(Vus: 20, Duration: S(4), Rate: 50)));
        var path = _files.Write("export const options = { iterations: 5 };\nexport default function () {}\n");
        var e = Assert.Throws<LoadTestInputException>(() => K6Script.Load(path, new ScriptOverrides(Rate: 5)));
        Assert.Equal($"{path}: --rate needs a duration: give --duration (the script's options have no 'duration')", e.Message);
    }

    [Theory]
    [InlineData(0, null, null, "--vus: 0 is out of range (1 to 100,000)")]
    [InlineData(null, -1.0, null, "--duration: must be longer than 0s")]
    [InlineData(null, null, 0.0, "--rate: must be more than 0")]
    public void Bad_overrides_are_refused(int? vus, double? seconds, double? rate, string message)
    {
        var path = _files.Write("export default function () {}\n");
        var e = Assert.Throws<LoadTestInputException>(() => K6Script.Load(path, new ScriptOverrides(vus, seconds is { } s ? S(s) : null, rate)));
        Assert.Equal($"{path}: {message}", e.Message);
    }

    [Fact]
    public void Options_may_read_the_environment()
    {
        var overrides = new ScriptOverrides(Env: new Dictionary<string, string> { ["VUS"] = "6", ["DURATION"] = "2s" });
        Assert.Equal([new ConstantVusScenario(6, S(2))], Plan("vus: Number(__ENV.VUS), duration: __ENV.DURATION", overrides));
        Assert.Equal([new SharedIterationsScenario(1, 1, TimeSpan.FromMinutes(10))], Plan("vus: __ENV.NOT_SET_ANYWHERE_4711 ? 5 : undefined"));
    }

    public void Dispose() => _files.Dispose();

    /// <summary>Records compare stage lists by reference; this compares them by value.</summary>
    private sealed class ScenarioComparer : IEqualityComparer<ScenarioSpec>
    {
        public bool Equals(ScenarioSpec? x, ScenarioSpec? y) => (x, y) switch
        {
            (RampingVusScenario a, RampingVusScenario b) => a.Stages.SequenceEqual(b.Stages) && a with { Stages = b.Stages } == b,
            _ => object.Equals(x, y),
        };

        public int GetHashCode(ScenarioSpec obj) => obj.Name.GetHashCode(StringComparison.Ordinal);
    }
}
