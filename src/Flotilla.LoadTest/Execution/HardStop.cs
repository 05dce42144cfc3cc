namespace Flotilla.LoadTest.Execution;

/// <summary>Fires when a scenario's time plus graceful stop is over, or when the whole run stops (Ctrl-C).</summary>
internal sealed class HardStop : IDisposable
{
    private readonly CancellationTokenSource _timer;
    private readonly CancellationTokenSource _linked;

    public HardStop(TimeSpan after, TimeProvider time, CancellationToken runStopping)
    {
        _timer = new CancellationTokenSource(after, time);
        _linked = CancellationTokenSource.CreateLinkedTokenSource(runStopping, _timer.Token);
    }

    public CancellationToken Token => _linked.Token;

    /// <summary>Stops now (the graceful stop of an open-model scenario ran out).</summary>
    public void Fire() => _linked.Cancel();

    public void Dispose()
    {
        _linked.Dispose();
        _timer.Dispose();
    }
}
