using Flotilla.LoadTest.Execution;
using Flotilla.LoadTest.Metrics;
using Flotilla.LoadTest.Results;
using Flotilla.LoadTest.Scripting;
using Flotilla.LoadTest.Scripting.Runtime;
using Flotilla.Testing;

namespace Flotilla.LoadTest.Tests.Scripting.Runtime;

/// <summary>A script VU's thread: iterations handed to it, stops that reach it wherever it blocks, and its end.</summary>
public sealed class ScriptVirtualUserTests : IAsyncLifetime, IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private readonly ScriptFiles _files = new();
    private readonly LoadTestMetrics _metrics = new();
    private readonly StringWriter _output = new();
    private ScriptTestServer _server = null!;

    public async Task InitializeAsync() => _server = await ScriptTestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public void Dispose() => _files.Dispose();

    private ScriptVirtualUserFactory Factory(string code) =>
        K6Script.Load(_files.Write(code), new ScriptOverrides(Env: new Dictionary<string, string> { ["TARGET"] = _server.Url }))
            .CreateFactory(_metrics, TimeProvider.System, _output);

    private static IterationContext Iteration(long n = 0, long? intendedStart = null) => new(n, intendedStart, "default");

    private string Output
    {
        get
        {
            lock (_output) return _output.ToString();
        }
    }

    [Fact]
    public async Task A_stop_wakes_a_VU_in_sleep()
    {
        using var factory = Factory("import { sleep } from 'k6';\nexport default function () { console.log('sleeping'); sleep(600); }\n");
        using var vu = factory.Create(1, new ConstantVusScenario(1, TimeSpan.FromSeconds(1)));
        using var stop = new CancellationTokenSource();
        var iteration = vu.RunIterationAsync(Iteration(), stop.Token).AsTask();
        await Wait.UntilAsync(() => Output.Contains("sleeping", StringComparison.Ordinal), Patience, "the VU reached sleep()");
        Assert.False(iteration.IsCompleted);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => iteration.WaitAsync(Patience));
    }

    [Fact]
    public async Task A_stop_wakes_a_VU_waiting_for_a_response()
    {
        using var factory = Factory("import http from 'k6/http';\nexport default function () { http.get(`${__ENV.TARGET}/slow`); }\n");
        using var vu = factory.Create(1, new ConstantVusScenario(1, TimeSpan.FromSeconds(1)));
        using var stop = new CancellationTokenSource();
        var before = _server.SlowRequests;
        var iteration = vu.RunIterationAsync(Iteration(), stop.Token).AsTask();
        await Wait.UntilAsync(() => _server.SlowRequests > before, Patience, "the request reached the server");
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => iteration.WaitAsync(Patience));
        Assert.Equal(0, factory.ScriptErrors);
    }

    [Fact]
    public async Task A_stop_ends_a_busy_script_loop()
    {
        using var factory = Factory("export default function () { console.log('spinning'); let n = 0; while (true) { n++; } }\n");
        using var vu = factory.Create(1, new ConstantVusScenario(1, TimeSpan.FromSeconds(1)));
        using var stop = new CancellationTokenSource();
        var iteration = vu.RunIterationAsync(Iteration(), stop.Token).AsTask();
        await Wait.UntilAsync(() => Output.Contains("spinning", StringComparison.Ordinal), Patience, "the VU entered its loop");
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => iteration.WaitAsync(Patience));
    }

    [Fact]
    public async Task Runaway_recursion_is_a_script_error_and_the_VU_goes_on()
    {
        using var factory = Factory("""
            function down(n) { return down(n + 1) + 1; }
            function ping(n) { return pong(n + 1); }
            function pong(n) { return ping(n + 1); }
            export default function () {
              if (__ITER === 0) down(0);
              if (__ITER === 1) ping(0);
              console.log(`survived ${__ITER}`);
            }
            """);
        using var vu = factory.Create(1, new ConstantVusScenario(1, TimeSpan.FromSeconds(1)));
        for (var i = 0; i < 3; i++) await vu.RunIterationAsync(Iteration(i), CancellationToken.None).AsTask().WaitAsync(Patience);
        Assert.Equal(2, factory.ScriptErrors);
        Assert.All(factory.ScriptErrorCounts, e => Assert.Contains("RangeError: Maximum call stack size exceeded", e.Key, StringComparison.Ordinal));
        Assert.Contains("VU 1: survived 2", Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_the_first_request_of_an_open_model_iteration_counts_from_its_intended_start()
    {
        using var factory = Factory("import http from 'k6/http';\nexport default function () { http.get(__ENV.TARGET); http.get(__ENV.TARGET); }\n");
        using var vu = factory.Create(1, new ConstantArrivalRateScenario(1, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), 1, 1));
        var intendedStart = TimeProvider.System.GetTimestamp() - TimeProvider.System.TimestampFrequency * 5; // five seconds late
        await vu.RunIterationAsync(Iteration(0, intendedStart), CancellationToken.None).AsTask().WaitAsync(Patience);
        _metrics.Sample(1);
        var durations = _metrics.ToResult(new RunInfo { Target = "t", Model = "open", Vus = 1, DurationSeconds = 1, Started = DateTimeOffset.UtcNow, ElapsedSeconds = 1 }, 1).Metrics.HttpReqDuration;
        Assert.Equal(2, durations.Count);
        Assert.True(durations.Max >= 5000, $"max {durations.Max} ms");
        Assert.True(durations.Min < 5000, $"min {durations.Min} ms");
    }

    [Fact]
    public async Task Disposing_ends_the_VU_threads_used_or_not()
    {
        var factory = Factory("export default function () {}\n");
        await factory.InitializeAsync(3, CancellationToken.None);
        var used = (ScriptVirtualUser)factory.Create(1, new ConstantVusScenario(3, TimeSpan.FromSeconds(1)));
        await used.RunIterationAsync(Iteration(), CancellationToken.None).AsTask().WaitAsync(Patience);
        var lazy = (ScriptVirtualUser)factory.Create(7, new ConstantVusScenario(3, TimeSpan.FromSeconds(1)));
        await lazy.Ready.WaitAsync(Patience);
        var threads = new[] { used.Thread, lazy.Thread };
        Assert.All(threads, t => Assert.True(t.IsAlive));

        used.Dispose();
        Assert.False(used.Thread.IsAlive);
        factory.Dispose();
        Assert.All(threads, t => Assert.False(t.IsAlive));
        Assert.Throws<ObjectDisposedException>(() => factory.Create(2, new ConstantVusScenario(1, TimeSpan.FromSeconds(1))));
    }

    [Fact]
    public async Task Vu_init_errors_surface_from_InitializeAsync()
    {
        using var factory = Factory("if (__VU === 2) { throw new Error('no data for VU 2'); }\nexport default function () {}\n");
        var e = await Assert.ThrowsAsync<LoadTestInputException>(() => factory.InitializeAsync(3, CancellationToken.None));
        Assert.Matches(@"script\.js:1:25: Error: no data for VU 2 \(in the init code of VU 2\)$", e.Message);
    }
}
