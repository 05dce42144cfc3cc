namespace Flotilla.Cli.Api;

/// <summary>The <c>Vm</c> resource of docs/api.md: desired <see cref="Spec"/> and observed <see cref="Status"/>.</summary>
internal sealed record Vm
{
    public required string Name { get; init; }
    /// <summary>The store's revision of this VM; grows with every change.</summary>
    public long Revision { get; init; }
    public required VmSpec Spec { get; init; }
    public required VmStatus Status { get; init; }
    /// <summary>Its disk, measured: sent by <c>GET /v1/vms/NAME</c> only.</summary>
    public Volume? Disk { get; init; }
}
