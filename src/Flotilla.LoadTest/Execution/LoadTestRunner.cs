using Flotilla.LoadTest.Metrics;
using Flotilla.LoadTest.Results;

namespace Flotilla.LoadTest.Execution;

/// <summary>
/// Runs a plan: every scenario from its start time, side by side; samples the metrics once a
/// second into the timeline and the live status; stops early, keeping what ran, when
/// <c>cancellationToken</c> fires (Ctrl-C).
/// </summary>
public sealed class LoadTestRunner(TimeProvider time)
{
    private static readonly TimeSpan SampleInterval = TimeSpan.FromSeconds(1);

    public async Task<LoadTestResult> RunAsync(
        LoadTestPlan plan, string target, IVirtualUserFactory factory, LoadTestMetrics metrics,
        IProgress<LiveStatus>? progress, CancellationToken cancellationToken)
    {
        var started = time.GetUtcNow();
        var start = time.GetTimestamp();
        var vuIds = 0;
        using var stopSampling = new CancellationTokenSource();
        var sampling = SampleAsync(plan, metrics, start, progress, stopSampling.Token);
        var scenarios = plan.Scenarios.Select(scenario =>
            RunScenarioAsync(new ScenarioRun(scenario, factory, metrics, time, () => Interlocked.Increment(ref vuIds)), cancellationToken)).ToList();
        try
        {
            await Task.WhenAll(scenarios).ConfigureAwait(false);
        }
        finally
        {
            await stopSampling.CancelAsync().ConfigureAwait(false);
            await sampling.ConfigureAwait(false);
        }
        var elapsed = time.GetElapsedTime(start);
        metrics.Sample(elapsed.TotalSeconds, final: true);
        var run = new RunInfo
        {
            Target = target,
            Model = plan.Model,
            Vus = plan.MaxVus,
            DurationSeconds = plan.Duration.TotalSeconds,
            Rate = plan.Rate,
            Started = started,
            ElapsedSeconds = elapsed.TotalSeconds,
            Interrupted = cancellationToken.IsCancellationRequested,
        };
        return metrics.ToResult(run, plan.MaxVus);
    }

    private async Task RunScenarioAsync(ScenarioRun run, CancellationToken cancellationToken)
    {
        if (run.Scenario.StartTime > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(run.Scenario.StartTime, time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
        var executor = run.Scenario is ConstantArrivalRateScenario
            ? new ArrivalRateExecutor(run).RunAsync(cancellationToken)
            : new LoopingVusExecutor(run).RunAsync(cancellationToken);
        await executor.ConfigureAwait(false);
    }

    private async Task SampleAsync(LoadTestPlan plan, LoadTestMetrics metrics, long start, IProgress<LiveStatus>? progress, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(SampleInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false))
            {
                var elapsed = time.GetElapsedTime(start);
                var point = metrics.Sample(elapsed.TotalSeconds);
                progress?.Report(new LiveStatus(elapsed, plan.Duration, point.Vus, point.Rps, metrics.Requests, metrics.FailedRequests, point.P95));
            }
        }
        catch (OperationCanceledException)
        {
            // The run ended.
        }
    }
}
