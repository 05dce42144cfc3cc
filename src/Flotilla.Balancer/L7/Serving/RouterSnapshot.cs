using Flotilla.Balancer.Configuration.Routers;
using Flotilla.Balancer.L7.Rules;
using Flotilla.Balancer.Namespaces;
using Yarp.ReverseProxy.Configuration;

namespace Flotilla.Balancer.L7.Serving;

/// <summary>Everything one config gives a router, built before it goes live: rules, YARP routes and clusters, farm namespaces.</summary>
internal sealed record RouterSnapshot(
    RouterConfig Config,
    RuleTable Rules,
    IReadOnlyList<RouteConfig> Routes,
    IReadOnlyList<ClusterConfig> Clusters,
    IReadOnlyDictionary<string, NetworkNamespace> Namespaces);
