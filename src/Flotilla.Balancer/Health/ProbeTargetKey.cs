using System.Net;
using Flotilla.Balancer.Configuration;
using Flotilla.Balancer.Namespaces;

namespace Flotilla.Balancer.Health;

/// <summary>
/// What health is kept per: a balancer's probe (with its settings) against one endpoint in one
/// network namespace (null: the balancer's own). Overlapping tenant CIDRs make the namespace part
/// of the address.
/// </summary>
public readonly record struct ProbeTargetKey(string Balancer, ProbeConfig Probe, IPEndPoint Endpoint, NetworkNamespace? Namespace = null);
