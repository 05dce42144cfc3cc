namespace Flotilla.Core.Networks;

/// <summary>How a network meets the world outside it.</summary>
public enum NetworkMode
{
    /// <summary>Outbound access through a veth to the host, masqueraded inside the network's namespace.</summary>
    Nat,
    /// <summary>Internal only: VMs see each other and nothing else.</summary>
    Isolated,
    /// <summary>Joined to a named bridge of the host through a veth.</summary>
    Bridge,
}
