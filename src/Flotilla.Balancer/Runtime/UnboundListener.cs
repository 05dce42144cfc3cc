using System.Net;
using Flotilla.Balancer.Configuration;
using Flotilla.Balancer.L4.Pools;

namespace Flotilla.Balancer.Runtime;

/// <summary>
/// A rule's frontend that could not be bound because its address is in use. The rest of the config
/// went live; this one is retried (<see cref="BindBackoff"/>) and binds as soon as the port is free.
/// </summary>
internal sealed class UnboundListener(RuleProtocol protocol, IPEndPoint endpoint, RuleRuntime rule, string error) : BindBackoff(error)
{
    public RuleProtocol Protocol { get; } = protocol;

    public IPEndPoint Endpoint { get; } = endpoint;

    /// <summary>The rule it serves once bound; a reload may hand it a new runtime.</summary>
    public RuleRuntime Rule { get; set; } = rule;
}
