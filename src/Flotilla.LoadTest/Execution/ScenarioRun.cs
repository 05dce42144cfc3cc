using System.Runtime.CompilerServices;
using Flotilla.LoadTest.Metrics;

namespace Flotilla.LoadTest.Execution;

/// <summary>What an executor needs to run one scenario of a run.</summary>
internal sealed class ScenarioRun(
    ScenarioSpec scenario, IVirtualUserFactory factory, LoadTestMetrics metrics, TimeProvider time, Func<int> nextVuId)
{
    public ScenarioSpec Scenario { get; } = scenario;
    public LoadTestMetrics Metrics { get; } = metrics;
    public TimeProvider Time { get; } = time;

    public IVirtualUser CreateVu() => factory.Create(nextVuId(), Scenario);

    /// <summary>
    /// Runs one iteration and records its duration (from the intended start in the open model).
    /// Returns false when the hard stop interrupted it.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<bool> RunIterationAsync(IVirtualUser vu, IterationContext iteration, CancellationToken hardStop)
    {
        var start = iteration.IntendedStart ?? Time.GetTimestamp();
        try
        {
            await vu.RunIterationAsync(iteration, hardStop).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (hardStop.IsCancellationRequested)
        {
            Metrics.RecordInterruptedIteration();
            return false;
        }
        Metrics.RecordIteration(Time.GetElapsedTime(start).TotalMilliseconds);
        return true;
    }

    /// <summary>A token that fires <paramref name="after"/> from now (the graceful stop ran out), or when the run stops.</summary>
    public HardStop HardStopAfter(TimeSpan after, CancellationToken runStopping) => new(after, Time, runStopping);
}
