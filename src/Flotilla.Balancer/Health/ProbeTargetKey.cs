using System.Net;
using Flotilla.Balancer.Configuration;

namespace Flotilla.Balancer.Health;

/// <summary>What health is kept per: a balancer's probe (with its settings) against one endpoint.</summary>
public readonly record struct ProbeTargetKey(string Balancer, ProbeConfig Probe, IPEndPoint Endpoint);
