namespace Flotilla.Balancer.L7.Farms;

/// <summary>Settings of the server-farm policies that are not per cluster (those are cluster and destination metadata, see <see cref="FarmMetadata"/>).</summary>
public sealed class FarmPolicyOptions
{
    /// <summary>
    /// The SQLite file that holds the host-name affinity table, shared by every router
    /// process on this host. Null keeps the table in this process only (a single router).
    /// </summary>
    public string? AffinityStorePath { get; init; }

    /// <summary>The clock of response-time decay and the affinity cache; <see cref="TimeProvider.System"/> when null.</summary>
    public TimeProvider? Time { get; init; }
}
