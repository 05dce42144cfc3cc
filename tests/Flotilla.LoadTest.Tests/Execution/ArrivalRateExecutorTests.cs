using Flotilla.LoadTest.Execution;
using Flotilla.LoadTest.Metrics;
using Flotilla.LoadTest.Tests.Support;
using Flotilla.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Flotilla.LoadTest.Tests.Execution;

/// <summary>The open model, on fake time: the schedule, dropped iterations, coordinated omission.</summary>
public sealed class ArrivalRateExecutorTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Arrivals_that_find_every_vu_busy_are_dropped_not_queued()
    {
        var time = new FakeTimeProvider();
        var vus = new FakeVirtualUsers(time, work: TimeSpan.FromSeconds(1));
        var metrics = new LoadTestMetrics();
        // 10/s for 1 s on 2 VUs whose iterations take 1 s: arrivals at 0 and 0.1 s run, the 8 others drop.
        var plan = new LoadTestPlan([new ConstantArrivalRateScenario(10, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), 2, 2) { GracefulStop = TimeSpan.FromSeconds(5) }]);
        var run = new LoadTestRunner(time).RunAsync(plan, "fake", vus, metrics, null, CancellationToken.None);

        for (var k = 0; k < 10; k++)
        {
            await Wait.UntilAsync(() => vus.Started.Count + metrics.DroppedIterations == k + 1, Patience, $"arrival {k} handled");
            time.Advance(TimeSpan.FromMilliseconds(100));
        }
        for (var i = 0; i < 5 && !run.IsCompleted; i++)
        {
            time.Advance(TimeSpan.FromMilliseconds(100));
            await Wait.UntilAsync(() => run.IsCompleted || metrics.Iterations >= i / 2, Patience, "iterations finish");
        }
        await Wait.UntilAsync(() => run.IsCompleted, Patience, "the run ends once the running iterations finish");
        var result = await run;

        Assert.Equal(2, result.Metrics.Iterations.Count);
        Assert.Equal(8, result.Metrics.DroppedIterations.Count);
        Assert.Equal(2, vus.Created);
        Assert.Equal(0, result.Run.InterruptedIterations);
    }

    [Fact]
    public async Task Latency_runs_from_the_intended_start_so_a_stall_is_not_hidden()
    {
        var time = new FakeTimeProvider();
        var vus = new FakeVirtualUsers(time, work: TimeSpan.Zero);
        var metrics = new LoadTestMetrics();
        var plan = new LoadTestPlan([new ConstantArrivalRateScenario(10, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), 20, 20)]);
        var run = new LoadTestRunner(time).RunAsync(plan, "fake", vus, metrics, null, CancellationToken.None);
        await Wait.UntilAsync(() => vus.Started.Count == 1, Patience, "the first arrival");

        // The generator stalls for a whole second: the ten arrivals due meanwhile start late, and say so.
        time.Advance(TimeSpan.FromSeconds(1));
        await Wait.UntilAsync(() => vus.Started.Count == 11, Patience, "the arrivals due during the stall");
        var late = vus.Started.Skip(1).Select(s => s.Late.TotalMilliseconds).Order().ToList();
        Assert.Equal([0, 100, 200, 300, 400, 500, 600, 700, 800, 900], late.Select(l => Math.Round(l)));
        var intended = vus.Started.Select(s => s.Iteration.IntendedStart!.Value).ToList();
        Assert.Equal(Enumerable.Range(0, 11).Select(i => i * time.TimestampFrequency / 10), intended.Select(t => t - intended[0]));

        time.Advance(TimeSpan.FromSeconds(1));
        await Wait.UntilAsync(() => run.IsCompleted, Patience, "the run ends");
        var result = await run;
        Assert.Equal(20, result.Metrics.Iterations.Count);
        Assert.Equal(0, result.Metrics.DroppedIterations.Count);
        // iteration_duration counts from the intended start: the stall is in the tail.
        Assert.InRange(result.Metrics.IterationDuration.Max, 891, 909);
    }
}
