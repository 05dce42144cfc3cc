namespace Flotilla.Balancer.L7.Farms;

/// <summary>
/// The host-name → destination table of <see cref="FarmPolicyNames.HostNameAffinity"/>, shared by
/// every router that serves the cluster (ARR kept it in its external cache). Implementations:
/// <see cref="SqliteAffinityTable"/> (routers on one host), an in-process table (one router); etcd later.
/// </summary>
public interface IAffinityTable
{
    /// <summary>The destination id <paramref name="host"/> is pinned to in <paramref name="clusterId"/>, or null.</summary>
    ValueTask<string?> GetAsync(string clusterId, string host, CancellationToken cancellationToken);

    /// <summary>
    /// Pins <paramref name="host"/> to <paramref name="proposed"/> only if its pin is still
    /// <paramref name="expected"/> (null: not pinned), atomically across all routers, and returns
    /// the pin that holds afterwards: <paramref name="proposed"/> if this call won, else the winner's.
    /// </summary>
    ValueTask<string> CompareAndSetAsync(string clusterId, string host, string? expected, string proposed, CancellationToken cancellationToken);
}
