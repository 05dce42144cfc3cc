namespace Flotilla.Testing.Netns;

/// <summary>
/// Holds a blackhole route for the test suite's own range (10.77.0.0/16) in the host's namespace while tests run,
/// so a test that mistakenly sends to a VM address from the host fails here instead of leaving the machine.
/// Reference-counted across a test process; the route goes when the last holder lets go (or the process ends:
/// a leftover route is taken over by the next run, whose <c>replace</c> is idempotent).
/// </summary>
public sealed class BlackholeRoute : IDisposable
{
    public const string TestRange = "10.77.0.0/16";
    private const string Route = $"blackhole {TestRange} metric 4000";
    private static readonly Lock s_gate = new();
    private static int s_holders;
    private bool _disposed;

    public BlackholeRoute()
    {
        lock (s_gate)
        {
            if (s_holders++ == 0) Sh.Run($"ip route replace {Route}");
        }
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        lock (s_gate)
        {
            if (--s_holders == 0) Sh.Run($"ip route del {Route}", check: false);
        }
    }
}
