using Flotilla.Core.Naming;
using Flotilla.Core.Networks;
using Flotilla.Core.Specs;

namespace Flotilla.Core.Stacks;

/// <summary>Reads one item of <c>networks:</c>.</summary>
internal static class NetworkReader
{
    public static NetworkDeclaration Read(YamlMap map)
    {
        var name = ReadName(map, "network");
        var cidr = map.RequiredString("cidr");
        try
        {
            AddressPlan.Parse(cidr);
        }
        catch (InvalidNetworkException e)
        {
            throw map.Error("cidr", e.Message);
        }

        var mode = map.Enum("mode", NetworkMode.Nat);
        var hostBridge = map.OptionalString("hostBridge");
        if (mode == NetworkMode.Bridge && hostBridge is null)
        {
            throw map.Error("hostBridge", "is required in bridge mode: name the host bridge to join, e.g. br0");
        }

        if (mode != NetworkMode.Bridge && hostBridge is not null)
        {
            throw map.Error("hostBridge", "applies to mode bridge only");
        }

        var spec = new NetworkSpec
        {
            Name = name,
            Cidr = cidr,
            Mode = mode,
            HostBridge = hostBridge,
            SecurityGroup = map.OptionalString("securityGroup"),
        };
        map.RejectUnknownKeys();
        return new NetworkDeclaration(spec, map.Origin());
    }

    /// <summary>The item's <c>name</c>, which must be a DNS label: it becomes a host-wide resource name.</summary>
    internal static string ReadName(YamlMap map, string kind)
    {
        var name = map.RequiredString("name");
        return ResourceName.IsValid(name)
            ? name
            : throw map.Error("name", $"'{name}' is not a valid {kind} name: use lowercase letters, digits and dashes (at most 63, not starting or ending with a dash)");
    }
}
