using System.Net;
using Flotilla.Balancer.Configuration;
using Flotilla.Balancer.L4.Pools;
using Flotilla.Balancer.Namespaces;

namespace Flotilla.Balancer.Runtime;

/// <summary>One rule of a config being applied: its runtime (kept or new), frontend, and the namespace its pool names.</summary>
internal sealed record RulePlan(BalancerConfig Balancer, RuleConfig Rule, RuleRuntime Runtime, IPEndPoint Frontend, NetworkNamespace? Namespace)
{
    /// <summary>
    /// The plan of every rule, in config order. Namespaces are entered first: a network that is
    /// gone (or cannot be entered) rejects the config before any port is bound or probe started.
    /// </summary>
    /// <exception cref="LbApplyException">A pool's namespace cannot be entered.</exception>
    public static List<RulePlan> For(LbConfig config, IReadOnlyDictionary<(string Balancer, string Rule), RuleRuntime> current, NetworkNamespaces namespaces, long nowMilliseconds)
    {
        var plan = new List<RulePlan>();
        foreach (var balancer in config.Balancers)
        {
            var entered = Enter(balancer, namespaces);
            var address = IPAddress.Parse(balancer.FrontendAddress);
            foreach (var rule in balancer.Rules)
            {
                var frontend = new IPEndPoint(address, rule.FrontendPort);
                var runtime = current.GetValueOrDefault((balancer.Name, rule.Name)) ?? new RuleRuntime(balancer.Name, rule, frontend, nowMilliseconds);
                plan.Add(new RulePlan(balancer, rule, runtime, frontend, entered.GetValueOrDefault(rule.BackendPool)));
            }
        }

        return plan;
    }

    private static Dictionary<string, NetworkNamespace> Enter(BalancerConfig balancer, NetworkNamespaces namespaces)
    {
        var entered = new Dictionary<string, NetworkNamespace>();
        foreach (var pool in balancer.BackendPools.Where(p => p.Namespace is not null && balancer.Rules.Any(r => r.BackendPool == p.Name)))
        {
            try
            {
                entered[pool.Name] = namespaces.Enter(pool.Namespace!);
            }
            catch (NetworkNamespaceException e)
            {
                throw new LbApplyException($"balancer {balancer.Name}, pool {pool.Name}: {e.Message}", e);
            }
        }

        return entered;
    }
}
