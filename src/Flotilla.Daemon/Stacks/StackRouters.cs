using System.Globalization;
using System.Text.Json.Nodes;
using Flotilla.Core.Stacks;
using Flotilla.Daemon.Balancers;

namespace Flotilla.Daemon.Stacks;

/// <summary>
/// A stack's router in the daemon's balancer resource (<see cref="BalancerSpec.Router"/>, flotilla-lb's keys) and
/// back. Each farm gets its <c>network</c>, <c>port</c> and members (their VM's address on the network, with their
/// weight) after its other keys, and loses them again on the way back, so reading back what was applied gives the
/// same definition text and a second apply plans nothing. The label <c>stack: NAME</c> is the ownership tag.
/// </summary>
internal static class StackRouters
{
    /// <param name="addressOf">(vm, network) → the VM's address on it; a VM without one is left out.</param>
    /// <param name="withNetworks">False leaves farms without their network, for checking a router before its networks exist.</param>
    public static BalancerSpec ToSpec(StackRouter router, Func<string, string, string?> addressOf, bool withNetworks = true)
    {
        var definition = JsonNode.Parse(router.Definition)!.AsObject();
        if (definition["farms"] is JsonArray farms)
        {
            foreach (var node in farms.OfType<JsonObject>())
            {
                if (router.Farms.FirstOrDefault(f => f.Name == node["name"]?.ToString()) is not { } farm) continue;
                if (withNetworks) node["network"] = farm.Network;
                node["port"] = farm.Port;
                node["members"] = new JsonArray([.. farm.Members.Select(m => (Address: addressOf(m.Vm, farm.Network), m.Weight)).Where(m => m.Address is not null)
                    .Select(m => (JsonNode)new JsonObject { ["address"] = m.Address, ["weight"] = m.Weight })]);
            }
        }

        return new BalancerSpec
        {
            Name = router.Name,
            Router = definition,
            Labels = new Dictionary<string, string> { [StackBalancers.StackLabel] = router.Stack },
        };
    }

    /// <param name="vmAt">(network, address) → the VM holding it, if any.</param>
    public static StackRouter FromSpec(string name, BalancerSpec spec, Func<string, string, string?> vmAt)
    {
        var definition = spec.Router!.DeepClone().AsObject();
        definition.Remove("name");
        var farms = new List<StackFarm>();
        foreach (var node in (definition["farms"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var network = node["network"]?.ToString() ?? "";
            var port = int.TryParse(node["port"]?.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? p : FarmDeclaration.DefaultPort;
            var members = (node["members"] as JsonArray ?? []).OfType<JsonObject>().Select(m =>
            {
                var address = m["address"]?.ToString() ?? "";
                var weight = int.TryParse(m["weight"]?.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var w) ? w : 1;
                return new StackPoolMember(vmAt(network, address) ?? address, weight);
            }).ToList();
            farms.Add(new StackFarm(node["name"]?.ToString() ?? "", network, port, members));
            node.Remove("network");
            node.Remove("port");
            node.Remove("members");
        }

        return new StackRouter
        {
            Stack = spec.Labels[StackBalancers.StackLabel],
            RouterName = name,
            Definition = RouterJson.Text(definition),
            Farms = farms,
        };
    }
}
