using System.Net;
using Flotilla.Balancer.Namespaces;

namespace Flotilla.Balancer.L4.Pools;

/// <summary>
/// One backend of one rule: where flows go, whether it is in rotation, and its counters.
/// The same object lives across reloads while the member stays in the rule, so counters
/// stay monotonic and health carries over.
/// </summary>
public sealed class Member
{
    private long _activeFlows;
    private long _flowsTotal;
    private long _bytesIn;
    private long _bytesOut;
    private long _connectFailures;
    private volatile bool _healthy;
    private long _drainDeadlineTicks;

    public Member(IPEndPoint endpoint, int weight, NetworkNamespace? network = null)
    {
        Endpoint = endpoint;
        Weight = weight;
        Namespace = network;
        Key = endpoint.ToString();
    }

    public IPEndPoint Endpoint { get; }

    /// <summary>Where backend sockets to this member are made; null: the balancer's own namespace.</summary>
    public NetworkNamespace? Namespace { get; }

    /// <summary><c>address:port</c>: what Maglev hashes, and the metrics label.</summary>
    public string Key { get; }

    public int Weight { get; internal set; }

    public bool Healthy
    {
        get => _healthy;
        internal set => _healthy = value;
    }

    /// <summary>Removed by a reload: takes no new flows; existing ones end by this time.</summary>
    public bool Draining => Volatile.Read(ref _drainDeadlineTicks) != 0;

    public long DrainDeadlineTicks => Volatile.Read(ref _drainDeadlineTicks);

    public long ActiveFlows => Volatile.Read(ref _activeFlows);

    public long FlowsTotal => Volatile.Read(ref _flowsTotal);

    /// <summary>Bytes from clients to this member.</summary>
    public long BytesIn => Volatile.Read(ref _bytesIn);

    /// <summary>Bytes from this member back to clients.</summary>
    public long BytesOut => Volatile.Read(ref _bytesOut);

    public long ConnectFailures => Volatile.Read(ref _connectFailures);

    internal void StartDrain(long deadlineTicks) => Volatile.Write(ref _drainDeadlineTicks, Math.Max(deadlineTicks, 1));

    internal void StopDrain() => Volatile.Write(ref _drainDeadlineTicks, 0);

    internal void FlowOpened()
    {
        Interlocked.Increment(ref _activeFlows);
        Interlocked.Increment(ref _flowsTotal);
    }

    internal void FlowClosed() => Interlocked.Decrement(ref _activeFlows);

    internal void AddBytesIn(int count) => Interlocked.Add(ref _bytesIn, count);

    internal void AddBytesOut(int count) => Interlocked.Add(ref _bytesOut, count);

    internal void ConnectFailed() => Interlocked.Increment(ref _connectFailures);
}
