namespace Flotilla.Balancer.L4.Tcp;

/// <summary>
/// How many TCP flows the process may hold at once (HAProxy's <c>maxconn</c>). Each flow costs
/// two descriptors, so by default the limit is what the descriptor limit allows after a reserve
/// for the admin API, probes and the runtime. At the limit the accept threads wait: further
/// clients queue in the kernel's backlog instead of failing with EMFILE, and probes and the
/// admin API keep the descriptors they need.
/// </summary>
public sealed class ConnectionLimit
{
    /// <summary>Descriptors kept for everything that is not a flow.</summary>
    public const int ReservedDescriptors = 512;

    private readonly SemaphoreSlim _slots;

    public ConnectionLimit(int max)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        Max = max;
        _slots = new SemaphoreSlim(max, max);
    }

    public int Max { get; }

    public int InUse => Max - _slots.CurrentCount;

    /// <summary>The default: (RLIMIT_NOFILE − reserve) / 2, at least 64.</summary>
    public static ConnectionLimit FromDescriptorLimit() =>
        new(Math.Max(64, (int)Math.Min(int.MaxValue, (DescriptorLimit() - ReservedDescriptors) / 2)));

    /// <summary>Blocks the calling (accept) thread until a flow may start.</summary>
    public bool Acquire(CancellationToken cancellationToken)
    {
        try
        {
            _slots.Wait(cancellationToken);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public void Release() => _slots.Release();

    private static long DescriptorLimit() =>
        OperatingSystem.IsLinux() && Libc.getrlimit(Libc.RLIMIT_NOFILE, out var limit) == 0 && limit.Current < long.MaxValue
            ? (long)limit.Current
            : 1024;
}
