namespace Flotilla.Cli.Api;

/// <summary>A network as <c>GET /v1/networks/NAME</c> shows it.</summary>
internal sealed record Network
{
    public required string Name { get; init; }
    public required string Cidr { get; init; }
    public string Mode { get; init; } = "";
    public string? HostBridge { get; init; }
    public string? SecurityGroup { get; init; }
    public string Gateway { get; init; } = "";
    /// <summary>Its namespace on the daemon's host: where <c>network exec</c> and <c>network capture</c> run.</summary>
    public string Namespace { get; init; } = "";
    public bool Ready { get; init; }
    public string? HostAddress { get; init; }
    public long Capacity { get; init; }
    public IReadOnlyList<NetworkPort> Ports { get; init; } = [];
}

/// <summary>A VM NIC on a network, and its tap.</summary>
internal sealed record NetworkPort(string Vm, int Nic, string Address, string Mac, string Tap, string? SecurityGroup);

/// <summary>The body of <c>POST /v1/networks</c>.</summary>
internal sealed record CreateNetworkRequest(string Name, string Cidr, string Mode, string? HostBridge);
