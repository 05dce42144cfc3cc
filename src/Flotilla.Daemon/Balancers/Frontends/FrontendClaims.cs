using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;

namespace Flotilla.Daemon.Balancers.Frontends;

/// <summary>
/// The frontends a balancer or router asks for, read from its spec, and the first clash between two sets of them.
/// The daemon checks this itself, before flotilla-lb's reader sees the host's config: the reader reads the whole
/// config in name order and so blames whichever of two clashing balancers comes second, which may be the one that
/// was there first. Here the candidate is always the one told, and the holder is named with its stack.
/// </summary>
internal static class FrontendClaims
{
    /// <summary>flotilla-lb's default for a router listener without an address (docs/flotilla-lb.md).</summary>
    private const string RouterListenerDefault = "0.0.0.0";

    public static IReadOnlyList<FrontendClaim> Of(BalancerSpec spec)
    {
        var stack = spec.Labels.GetValueOrDefault(Stacks.StackBalancers.StackLabel);
        var claims = new List<FrontendClaim>();
        if (spec.Router is { } router)
        {
            var listeners = router["listeners"] as JsonArray ?? [];
            for (var i = 0; i < listeners.Count; i++)
            {
                if (listeners[i] is not JsonObject listener) continue;
                var text = listener["address"]?.ToString() ?? RouterListenerDefault;
                if (!IPAddress.TryParse(text, out var address) || !int.TryParse(listener["port"]?.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is <= 0 or > 65535) continue;
                claims.Add(new FrontendClaim("tcp", address, port, spec.Name!, true, $"{address}:{port.ToString(CultureInfo.InvariantCulture)}", $"listeners[{i}].port", stack));
            }
            return claims;
        }

        if (!IPAddress.TryParse(spec.FrontendAddress ?? BalancerDefaults.FrontendAddress, out var frontend)) return claims;
        for (var i = 0; i < spec.Rules.Count; i++)
        {
            var rule = spec.Rules[i];
            if (rule.FrontendPort is not { } port || port is <= 0 or > 65535) continue;
            var protocol = (rule.Protocol ?? "tcp").ToLowerInvariant();
            claims.Add(new FrontendClaim(protocol, frontend, port, spec.Name!, false, rule.Name ?? $"rules[{i}]", $"rules[{i}].frontendPort", stack));
        }
        return claims;
    }

    /// <summary>The first of <paramref name="candidate"/>'s frontends that one of <paramref name="others"/> holds, with its holder.</summary>
    public static (FrontendClaim Mine, FrontendClaim Theirs)? FirstClash(BalancerSpec candidate, IEnumerable<BalancerSpec> others)
    {
        var held = others.Where(o => o.Name != candidate.Name).SelectMany(Of).ToList();
        foreach (var mine in Of(candidate))
        {
            if (held.FirstOrDefault(mine.Overlaps) is { } theirs) return (mine, theirs);
        }
        return null;
    }
}
