namespace Flotilla.Api.Vms;

/// <summary>A NIC wanted on <see cref="Network"/>, at <see cref="Address"/> or the network's next free one.</summary>
public sealed record NicRequest
{
    public string? Network { get; init; }
    public string? Address { get; init; }
    public string? SecurityGroup { get; init; }
}
