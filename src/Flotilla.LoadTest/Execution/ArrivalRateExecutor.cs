using System.Collections.Concurrent;

namespace Flotilla.LoadTest.Execution;

/// <summary>
/// The open model (k6's constant-arrival-rate, wrk2's constant throughput): iterations start on
/// the <see cref="ArrivalSchedule"/> whatever the responses do. Each takes a free VU from the pool
/// (growing it up to the scenario's maximum); with none free the arrival is dropped and counted as
/// dropped_iterations. An iteration's latency runs from its intended start, so a stall in the
/// target or in the generator shows in the percentiles instead of thinning the sample.
/// </summary>
internal sealed class ArrivalRateExecutor
{
    private readonly ScenarioRun _run;
    private readonly ConstantArrivalRateScenario _scenario;
    private readonly ConcurrentStack<PooledVu> _idle = new();
    private readonly List<PooledVu> _all = [];
    private int _inFlight = 1; // the dispatcher itself, released when it stops
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private sealed class PooledVu(IVirtualUser vu)
    {
        public IVirtualUser Vu { get; } = vu;
        public long Iterations;
    }

    public ArrivalRateExecutor(ScenarioRun run)
    {
        _run = run;
        _scenario = (ConstantArrivalRateScenario)run.Scenario;
    }

    public async Task RunAsync(CancellationToken runStopping)
    {
        // k6 initialises the pre-allocated VUs before the first arrival.
        for (var i = 0; i < _scenario.PreAllocatedVus; i++) _idle.Push(Allocate());
        var time = _run.Time;
        var schedule = new ArrivalSchedule(time.GetTimestamp(), _scenario.PerSecond, _scenario.Duration, time.TimestampFrequency);
        using var hardStop = _run.HardStopAfter(_scenario.Duration + _scenario.GracefulStop, runStopping);
        try
        {
            long next = 0;
            while (next < schedule.Total && !runStopping.IsCancellationRequested)
            {
                var now = time.GetTimestamp();
                for (var due = schedule.DueBy(now); next < due; next++) Dispatch(schedule.DueAt(next), hardStop.Token);
                if (next >= schedule.Total) break;
                try
                {
                    await Task.Delay(time.GetElapsedTime(now, schedule.DueAt(next)), time, runStopping).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
            Release();
            await _drained.Task.ConfigureAwait(false);
        }
        finally
        {
            lock (_all)
            {
                foreach (var pooled in _all)
                {
                    pooled.Vu.Dispose();
                    _run.Metrics.VuStopped();
                }
            }
        }
    }

    private void Dispatch(long intendedStart, CancellationToken hardStop)
    {
        if (!_idle.TryPop(out var pooled))
        {
            if (_all.Count >= _scenario.MaxVus)
            {
                _run.Metrics.RecordDroppedIteration();
                return;
            }
            pooled = Allocate();
        }
        Interlocked.Increment(ref _inFlight);
        _ = RunOneAsync(pooled, intendedStart, hardStop);
    }

    private async Task RunOneAsync(PooledVu pooled, long intendedStart, CancellationToken hardStop)
    {
        try
        {
            var iteration = new IterationContext(pooled.Iterations++, intendedStart, _scenario.Name);
            await _run.RunIterationAsync(pooled.Vu, iteration, hardStop).ConfigureAwait(false);
        }
        finally
        {
            _idle.Push(pooled);
            Release();
        }
    }

    private void Release()
    {
        if (Interlocked.Decrement(ref _inFlight) == 0) _drained.TrySetResult();
    }

    private PooledVu Allocate()
    {
        var pooled = new PooledVu(_run.CreateVu());
        lock (_all) _all.Add(pooled);
        _run.Metrics.VuStarted();
        return pooled;
    }
}
