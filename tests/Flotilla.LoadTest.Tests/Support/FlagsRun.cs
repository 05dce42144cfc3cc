using Flotilla.LoadTest.Execution;
using Flotilla.LoadTest.Http;
using Flotilla.LoadTest.Metrics;
using Flotilla.LoadTest.Requests;
using Flotilla.LoadTest.Results;

namespace Flotilla.LoadTest.Tests.Support;

/// <summary>A flags run through the library, on real time and real sockets.</summary>
internal static class FlagsRun
{
    public static Task<LoadTestResult> IterationsAsync(string url, int vus, int iterations, HttpSessionOptions? options = null,
        int[]? expectStatus = null, string[]? expectBody = null, CancellationToken cancellationToken = default) =>
        RunAsync(url, new SharedIterationsScenario(vus, iterations, TimeSpan.FromSeconds(60)), options, expectStatus, expectBody, cancellationToken);

    public static Task<LoadTestResult> RunAsync(string url, ScenarioSpec scenario, HttpSessionOptions? options = null,
        int[]? expectStatus = null, string[]? expectBody = null, CancellationToken cancellationToken = default)
    {
        var metrics = new LoadTestMetrics();
        var factory = new RequestVirtualUserFactory(new HttpRequest("GET", HttpTarget.Parse(url)), options ?? new HttpSessionOptions(),
            new ResponseChecks(expectStatus ?? [], expectBody ?? []), metrics, TimeProvider.System);
        return new LoadTestRunner(TimeProvider.System).RunAsync(new LoadTestPlan([scenario]), url, factory, metrics, null, cancellationToken);
    }
}
