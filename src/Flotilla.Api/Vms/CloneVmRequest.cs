using Flotilla.Core.Vms;

namespace Flotilla.Api.Vms;

/// <summary>The body of <c>POST /v1/vms/{source}/clone</c>: the new VM's name, its disk kind and its own forwards.</summary>
public sealed record CloneVmRequest
{
    public string? Name { get; init; }
    /// <summary>A standalone copy of the source's disk instead of a linked clone (an overlay on the template's base disk).</summary>
    public bool FullClone { get; init; }
    /// <summary>The source's forwards are not copied: their host ports would collide.</summary>
    public IReadOnlyList<PortForward>? Forwards { get; init; }
}
