namespace Flotilla.Cli.Api;

/// <summary>A network security group as <c>GET /v1/nsgs/NAME</c> shows it.</summary>
internal sealed record SecurityGroup
{
    public required string Name { get; init; }
    public IReadOnlyList<SecurityRule> Rules { get; init; } = [];
    public IReadOnlyList<SecurityRule> EffectiveInbound { get; init; } = [];
    public IReadOnlyList<SecurityRule> EffectiveOutbound { get; init; } = [];
    public IReadOnlyList<string> AttachedTo { get; init; } = [];
}

/// <summary>A rule in Azure's notation (what <c>nsg rule add</c> sends, and what the daemon shows).</summary>
internal sealed record SecurityRule
{
    public required string Name { get; init; }
    public required int Priority { get; init; }
    public required string Direction { get; init; }
    public required string Access { get; init; }
    public string Protocol { get; init; } = "*";
    public string SourcePortRange { get; init; } = "*";
    public string DestinationPortRange { get; init; } = "*";
    public string SourceAddressPrefix { get; init; } = "*";
    public string DestinationAddressPrefix { get; init; } = "*";
}

internal sealed record CreateSecurityGroupRequest(string Name);

/// <summary>What a group is attached to or detached from: a network, or one VM's NIC.</summary>
internal sealed record AttachRequest(string? Network, string? Vm, int Nic);
