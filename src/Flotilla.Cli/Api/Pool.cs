namespace Flotilla.Cli.Api;

/// <summary>The <c>Pool</c> resource: a directory for VM disks, its capacity and tier, its volumes and their totals.</summary>
internal sealed record Pool
{
    public required string Name { get; init; }
    public string Path { get; init; } = "";
    /// <summary><c>gold</c>, <c>silver</c> or <c>bronze</c>.</summary>
    public string Tier { get; init; } = "";
    public bool IsDefault { get; init; }
    public long CapacityBytes { get; init; }
    public long AllocatedBytes { get; init; }
    /// <summary>The sum of its disks' virtual sizes.</summary>
    public long ProvisionedBytes { get; init; }
    public long FreeBytes { get; init; }
    /// <summary>Provisioned / capacity.</summary>
    public double Overcommit { get; init; }
    public IReadOnlyList<Volume> Volumes { get; init; } = [];
}
