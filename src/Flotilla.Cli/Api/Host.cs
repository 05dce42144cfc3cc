namespace Flotilla.Cli.Api;

/// <summary>The <c>Host</c> resource: acceleration and why, capacity, what is allocated.</summary>
internal sealed record Host
{
    public required string Name { get; init; }
    /// <summary><c>kvm</c> or <c>tcg</c>.</summary>
    public string Accel { get; init; } = "";
    public string? AccelReason { get; init; }
    public int Cpus { get; init; }
    public long MemoryMiB { get; init; }
    public int ReservedCpus { get; init; }
    public long ReservedMemoryMiB { get; init; }
    public double CpuOvercommit { get; init; }
    public double MemoryOvercommit { get; init; }
    public int AllocatedCpus { get; init; }
    public long AllocatedMemoryMiB { get; init; }
    public string? QemuVersion { get; init; }
    public int Vms { get; init; }
}
