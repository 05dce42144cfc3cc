namespace Flotilla.Api.Snapshots;

/// <summary>The body of <c>POST /v1/vms/{name}/snapshots</c>.</summary>
public sealed record CreateSnapshotRequest
{
    public string? Name { get; init; }
    /// <summary>Also save RAM and device state (a running VM only); a revert then brings the VM back running where it was.</summary>
    public bool Memory { get; init; }
}
