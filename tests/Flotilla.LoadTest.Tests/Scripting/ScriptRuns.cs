using Flotilla.LoadTest.Execution;
using Flotilla.LoadTest.Metrics;
using Flotilla.LoadTest.Results;
using Flotilla.LoadTest.Scripting;

namespace Flotilla.LoadTest.Tests.Scripting;

/// <summary>A script run as the CLI runs it: load, make the VUs, run the plan, evaluate the thresholds.</summary>
public sealed record ScriptRun(LoadTestResult Result, long ScriptErrors, string Output)
{
    public string[] OutputLines => Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public CheckResult Check(string name) => Result.Checks.Single(c => c.Name == name);

    public static async Task<ScriptRun> RunAsync(string path, ScriptOverrides overrides)
    {
        var script = K6Script.Load(path, overrides);
        var metrics = new LoadTestMetrics();
        var output = new StringWriter();
        using var factory = script.CreateFactory(metrics, TimeProvider.System, output);
        await factory.InitializeAsync(script.Plan.MaxVus, CancellationToken.None);
        var result = await new LoadTestRunner(TimeProvider.System).RunAsync(script.Plan, path, factory, metrics, null, CancellationToken.None);
        result = result with { Thresholds = script.EvaluateThresholds(result, metrics) };
        return new ScriptRun(result, factory.ScriptErrors, output.ToString());
    }
}
