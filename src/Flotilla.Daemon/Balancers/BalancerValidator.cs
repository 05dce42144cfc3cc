using System.Globalization;
using System.Text.RegularExpressions;
using Flotilla.Balancer.Configuration;
using Flotilla.Core.Naming;
using Flotilla.Core.Specs;

namespace Flotilla.Daemon.Balancers;

/// <summary>
/// Judges a balancer or router the way flotilla-lb will: the host's whole config, with this one in it, goes through
/// flotilla-lb's own reader (so a frontend another balancer holds is caught too). The reader's one line names the
/// generated file's line; the user wrote a balancer, so the line is told by balancer and key instead:
/// <c>balancer 'web': rules[0].backendPool: unknown pool 'vmz' (known: vms)</c>. A frontend another balancer or router
/// holds is told first, by the daemon (<see cref="Frontends.FrontendClaims"/>): the reader would blame whichever of the
/// two comes second in the file, not the one being put.
/// </summary>
internal static partial class BalancerValidator
{
    /// <exception cref="InvalidBalancerException">flotilla-lb's reader, or the daemon, refuses it.</exception>
    public static void Validate(BalancerSpec candidate, IEnumerable<BalancerSpec> others, Func<string, bool> networkExists, Func<string, string> namespaceOf)
    {
        CheckNetworks(candidate, networkExists);
        var all = others.Where(o => o.Name != candidate.Name).Append(candidate).ToList();
        if (Frontends.FrontendClaims.FirstClash(candidate, all) is { } clash)
        {
            throw Invalid(candidate, $"{clash.Mine.Key}: {clash.Mine.Endpoint} is used by {clash.Theirs.Holder}");
        }
        if (Check(all, namespaceOf) is { } problem)
        {
            var (owner, key, e) = problem;
            throw Invalid(owner ?? candidate, key.Length == 0 ? e.Problem : $"{key}: {e.Problem}", e);
        }
    }

    /// <summary>
    /// flotilla-lb's reader over <paramref name="all"/>: null when it accepts them, else the balancer or router at
    /// fault (null when the fault is no one's, such as the admin port), the key inside it, and the reader's error.
    /// </summary>
    public static (BalancerSpec? Owner, string Key, SpecException Error)? Check(IReadOnlyList<BalancerSpec> all, Func<string, string> namespaceOf)
    {
        // Port 0: the admin port is the daemon's to choose, and never clashes with a frontend.
        var text = HostLbConfig.Render(0, all, namespaceOf);
        try
        {
            _ = LbConfigReader.Parse(text, "lb.yaml");
            return null;
        }
        catch (SpecException e)
        {
            var match = OwnerKey().Match(e.Key);
            if (!match.Success) return (null, e.Key, e);
            var list = match.Groups[1].Value == "routers" ? HostLbConfig.Routers(all) : HostLbConfig.Balancers(all);
            var index = int.Parse(match.Groups[2].ValueSpan, CultureInfo.InvariantCulture);
            return (index < list.Count ? list[index] : null, e.Key[match.Length..], e);
        }
    }

    private static void CheckNetworks(BalancerSpec candidate, Func<string, bool> networkExists)
    {
        if (candidate.IsRouter && (candidate.FrontendAddress is not null || candidate.BackendPools.Count > 0 || candidate.Probes.Count > 0 || candidate.Rules.Count > 0))
        {
            throw Invalid(candidate, "a router has its listeners, rules and farms under router:, and no frontendAddress, backendPools, probes or rules");
        }

        var pools = candidate.BackendPools.Select((p, i) => (p.Network, p.Namespace is not null, Key: $"backendPools[{i}]"));
        var farms = (candidate.Router?["farms"] as System.Text.Json.Nodes.JsonArray ?? []).Select((f, i) =>
            (Network: f?["network"]?.ToString(), f?["namespace"] is not null, Key: $"farms[{i}]"));
        foreach (var (network, hasNamespace, key) in pools.Concat(farms))
        {
            if (network is null) continue;
            if (hasNamespace) throw Invalid(candidate, $"{key}.network: give network or namespace, not both");
            if (!ResourceName.IsValid(network) || !networkExists(network))
            {
                throw Invalid(candidate, $"{key}.network: no network named '{network}' (flotilla network list shows them)");
            }
        }
    }

    private static InvalidBalancerException Invalid(BalancerSpec balancer, string problem, Exception? inner = null) =>
        new($"{(balancer.IsRouter ? "router" : "balancer")} '{balancer.Name}': {problem}", inner);

    [GeneratedRegex(@"^(balancers|routers)\[(\d+)\]\.?")]
    private static partial Regex OwnerKey();
}
