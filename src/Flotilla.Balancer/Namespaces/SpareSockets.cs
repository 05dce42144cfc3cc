namespace Flotilla.Balancer.Namespaces;

/// <summary>
/// Sockets made ahead inside a namespace, per kind (domain, type, protocol), so most backend
/// connections take one without a round trip to the namespace thread. A kind in demand (asked
/// again within a second of its last refill) doubles its batch up to
/// <see cref="NamespaceThread.MaxBatch"/>; an occasional one (a probe every few seconds) gets
/// one socket per trip and holds no spares. So at most MaxBatch − 1 idle descriptors per busy
/// kind and namespace, all closed when the namespace is let go.
/// </summary>
/// <remarks>
/// Measured (bench/RESULTS.md): one trip per socket cost a connection-per-request load about
/// 40 µs of CPU per request on two cores (two thread wake-ups, each often a cross-core switch).
/// </remarks>
internal sealed class SpareSockets(NamespaceThread thread) : IDisposable
{
    private static readonly TimeSpan DemandWindow = TimeSpan.FromSeconds(1);

    private readonly Dictionary<(int Domain, int Type, int Protocol), Kind> _kinds = [];
    private readonly Lock _gate = new();
    private bool _disposed;

    /// <summary>A socket of this kind made in the namespace: the descriptor, or -errno.</summary>
    public int Take(int domain, int type, int protocol)
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return -NamespaceSyscalls.ENETDOWN;
            }

            if (!_kinds.TryGetValue((domain, type, protocol), out var kind))
            {
                _kinds[(domain, type, protocol)] = kind = new Kind();
            }

            if (kind.Spares.TryPop(out var spare))
            {
                return spare;
            }

            var now = Environment.TickCount64;
            kind.Batch = now - kind.LastRefill < (long)DemandWindow.TotalMilliseconds ? Math.Min(kind.Batch * 2, NamespaceThread.MaxBatch) : 1;
            kind.LastRefill = now;
            Span<int> made = stackalloc int[NamespaceThread.MaxBatch];
            var count = thread.CreateSockets(domain, type, protocol, made[..kind.Batch]);
            if (count <= 0)
            {
                return count;
            }

            for (var i = count - 1; i > 0; i--)
            {
                kind.Spares.Push(made[i]);
            }

            return made[0];
        }
    }

    /// <summary>Idle descriptors held now, over all kinds.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _kinds.Values.Sum(k => k.Spares.Count);
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            foreach (var kind in _kinds.Values)
            {
                while (kind.Spares.TryPop(out var fd))
                {
                    NamespaceSyscalls.Close(fd);
                }
            }
        }
    }

    private sealed class Kind
    {
        public Stack<int> Spares { get; } = new();

        public int Batch { get; set; } = 1;

        public long LastRefill { get; set; } = long.MinValue / 2;
    }
}
