namespace Flotilla.Cli.Api;

/// <summary>A VM's NIC on a network, in its spec.</summary>
internal sealed record VmNic
{
    public string Network { get; init; } = "";
    public string Address { get; init; } = "";
    public int PrefixLength { get; init; }
    public string? Gateway { get; init; }
    public string Mac { get; init; } = "";
    public string? SecurityGroup { get; init; }
}

/// <summary>A NIC asked for in <c>POST /v1/vms</c>.</summary>
internal sealed record NicRequest(string Network, string? Address);
