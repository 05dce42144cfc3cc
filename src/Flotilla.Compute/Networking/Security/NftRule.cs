using Flotilla.Core.Security;

namespace Flotilla.Compute.Networking.Security;

/// <summary>
/// One security rule as one nft rule in its group's chain: the match, a counter (so hits can be shown per rule), and
/// <c>return</c> for allow (the next group, if any, has its say) or <c>drop</c> for deny.
/// </summary>
internal static class NftRule
{
    private const uint MaxPort = PortRange.MaxPort;

    /// <returns>The rule's text, or null when it can match nothing on this network (e.g. <c>Internet</c> in a 0.0.0.0/0 network).</returns>
    public static string? Compile(SecurityRule rule, AddressResolver addresses)
    {
        var source = addresses.Resolve(rule.SourceAddressPrefix);
        var destination = addresses.Resolve(rule.DestinationAddressPrefix);
        if (source.IsEmpty || destination.IsEmpty) return null;

        var parts = new List<string>();
        if (!source.IsAll) parts.Add($"ip saddr {NftText.Addresses(source)}");
        if (!destination.IsAll) parts.Add($"ip daddr {NftText.Addresses(destination)}");
        parts.AddRange(Protocol(rule));
        parts.Add("counter");
        parts.Add(rule.Access == RuleAccess.Allow ? "return" : "drop");
        parts.Add($"comment {NftText.Quoted($"{rule.Priority} {rule.Name}")}");
        return string.Join(' ', parts);
    }

    private static IEnumerable<string> Protocol(SecurityRule rule)
    {
        var sourcePorts = Ports(rule.SourcePortRange);
        var destinationPorts = Ports(rule.DestinationPortRange);
        var anyPort = sourcePorts.IsAll && destinationPorts.IsAll;
        string header;
        switch (rule.Protocol)
        {
            case RuleProtocol.Icmp:
                yield return "meta l4proto icmp";
                yield break;
            case RuleProtocol.Any when anyPort:
                yield break;
            case RuleProtocol.Any:
                // Ports exist for TCP and UDP only: protocol * with ports matches those two (th = either transport header).
                yield return "meta l4proto { tcp, udp }";
                header = "th";
                break;
            default:
                header = rule.Protocol == RuleProtocol.Tcp ? "tcp" : "udp";
                // "tcp dport 80" implies the protocol; with no port to match it must be said.
                if (anyPort) yield return $"meta l4proto {header}";
                break;
        }
        if (!sourcePorts.IsAll) yield return $"{header} sport {NftText.Ports(sourcePorts)}";
        if (!destinationPorts.IsAll) yield return $"{header} dport {NftText.Ports(destinationPorts)}";
    }

    private static Intervals Ports(PortRanges ports) => ports.IsAny
        ? Intervals.All(MaxPort)
        : Intervals.Of(MaxPort, ports.Ranges.Select(r => ((uint)r.From, (uint)r.To)));
}
