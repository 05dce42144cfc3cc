namespace Flotilla.Balancer.Runtime;

/// <summary>
/// A listener that could not be bound because its address is in use, retried with back-off (250 ms doubling to 5 s,
/// on the runtime's <see cref="TimeProvider"/>) and on every apply, until it binds. The balancer rules' frontends
/// (<see cref="UnboundListener"/>) and the routers' listeners both wait this way.
/// </summary>
internal abstract class BindBackoff(string error) : IDisposable
{
    public static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(250);

    public static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(5);

    public string Error { get; set; } = error;

    /// <summary>Binds tried since the first failure (by the timer or by an apply).</summary>
    public int Retries { get; set; }

    public TimeSpan Delay { get; private set; } = FirstDelay;

    public ITimer? Timer { get; set; }

    /// <summary>The delay before the next try: the current one, then doubled up to <see cref="MaxDelay"/>.</summary>
    public TimeSpan NextDelay()
    {
        var delay = Delay;
        Delay = TimeSpan.FromTicks(Math.Min(Delay.Ticks * 2, MaxDelay.Ticks));
        return delay;
    }

    public void Dispose() => Timer?.Dispose();
}
