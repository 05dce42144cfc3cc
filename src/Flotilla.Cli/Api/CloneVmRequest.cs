namespace Flotilla.Cli.Api;

/// <summary>The body of <c>POST /v1/vms/{source}/clone</c>.</summary>
internal sealed record CloneVmRequest
{
    public required string Name { get; init; }
    public bool FullClone { get; init; }
    /// <summary><c>HOSTPORT:GUESTPORT</c>: the clone's own (the source's are not copied).</summary>
    public IReadOnlyList<string> Forwards { get; init; } = [];
}
