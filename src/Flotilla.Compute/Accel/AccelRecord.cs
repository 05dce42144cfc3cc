namespace Flotilla.Compute.Accel;

/// <summary>What <c>DATA_DIR/accel.json</c> holds: the verdict and what it was probed with.</summary>
internal sealed record AccelRecord
{
    public required string Accel { get; init; }
    public required string Reason { get; init; }
    /// <summary>A new QEMU may behave otherwise: the verdict holds for this version only.</summary>
    public required string QemuVersion { get; init; }
    public required string Host { get; init; }
    public required DateTimeOffset ProbedAt { get; init; }
}
