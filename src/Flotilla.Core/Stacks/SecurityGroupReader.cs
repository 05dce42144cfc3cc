using Flotilla.Core.Security;
using Flotilla.Core.Specs;

namespace Flotilla.Core.Stacks;

/// <summary>Reads one item of <c>securityGroups:</c>, with rules in Azure's fields (as <c>nsg rule add</c> takes them).</summary>
internal static class SecurityGroupReader
{
    public static SecurityGroupDeclaration Read(YamlMap map)
    {
        var name = NetworkReader.ReadName(map, "security group");
        var group = new SecurityGroup { Name = name };
        foreach (var item in map.Maps("rules"))
        {
            var text = new SecurityRuleText
            {
                Name = item.RequiredString("name"),
                Priority = item.OptionalInt("priority", int.MinValue, int.MaxValue) ?? throw item.Error("priority", "is required"),
                Direction = item.RequiredString("direction"),
                Access = item.RequiredString("access"),
                Protocol = item.OptionalString("protocol") ?? "*",
                SourcePortRange = item.OptionalString("sourcePortRange") ?? "*",
                DestinationPortRange = item.OptionalString("destinationPortRange") ?? "*",
                SourceAddressPrefix = item.OptionalString("sourceAddressPrefix") ?? "*",
                DestinationAddressPrefix = item.OptionalString("destinationAddressPrefix") ?? "*",
            };
            item.RejectUnknownKeys();
            try
            {
                // WithRule checks the rule and that its name and its direction's priority are still free.
                group = group.WithRule(text.Parse(name));
            }
            catch (SecurityRuleException e)
            {
                throw item.Error(SecurityRuleException.FieldName(e.Field), e.Problem);
            }
        }

        map.RejectUnknownKeys();
        return new SecurityGroupDeclaration(group, map.Origin());
    }
}
