using System.Globalization;
using Flotilla.Cli.Commands.Output;

namespace Flotilla.Cli.Commands.Nsg;

/// <summary>How security groups read in the default (table) output.</summary>
internal static class NsgView
{
    private static readonly string[] Header = ["NAME", "RULES", "ATTACHED TO"];
    private static readonly string[] RuleHeader = ["PRIORITY", "NAME", "ACCESS", "PROTOCOL", "SOURCE", "SOURCE PORT", "DESTINATION", "DESTINATION PORT"];

    public static string Table(IEnumerable<SecurityGroupView> groups) => TextTable.Render(Header, groups.Select(g => (IReadOnlyList<string>)
        [g.Name, g.Rules.Count.ToString(CultureInfo.InvariantCulture), g.AttachedTo.Count == 0 ? "-" : string.Join(", ", g.AttachedTo)]));

    public static string Details(SecurityGroupView group) =>
        TextTable.Fields([("name", group.Name), ("attached to", group.AttachedTo.Count == 0 ? "-" : string.Join(", ", group.AttachedTo))])
        + "\ninbound, in evaluation order:\n" + Rules(group.EffectiveInbound)
        + "\noutbound, in evaluation order:\n" + Rules(group.EffectiveOutbound);

    private static string Rules(IEnumerable<Core.Security.SecurityRuleText> rules) => TextTable.Render(RuleHeader, rules.Select(r => (IReadOnlyList<string>)
        [r.Priority.ToString(CultureInfo.InvariantCulture), r.Name, r.Access, r.Protocol, r.SourceAddressPrefix, r.SourcePortRange, r.DestinationAddressPrefix, r.DestinationPortRange]));
}
