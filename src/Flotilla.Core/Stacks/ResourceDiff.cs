using System.Globalization;
using Flotilla.Core.Security;

namespace Flotilla.Core.Stacks;

/// <summary>
/// What differs between an actual resource and its desired state, and how each difference can be made:
/// <list type="bullet">
/// <item>a security group's rules, a network's security group, a NIC's security group: in place, at once;</item>
/// <item>a network's CIDR, mode or host bridge: re-create (and so every VM on it, whose addresses change);</item>
/// <item>a VM's cpus or memory: in place with a restart (disk, MAC and addresses are kept);</item>
/// <item>a VM's template, storage pool, user data (it runs at first boot only), networks or addresses: re-create;</item>
/// <item>anything of a balancer or a router: in place (flotilla-lb reloads without dropping the flows or requests it keeps).</item>
/// </list>
/// </summary>
internal static class ResourceDiff
{
    public static List<string> Rules(SecurityGroup actual, SecurityGroup desired)
    {
        var changes = new List<string>();
        foreach (var rule in desired.Rules)
        {
            var old = actual.Rules.FirstOrDefault(r => r.Name == rule.Name);
            if (old is null) changes.Add($"+rule {rule.Name}");
            else if (old != rule) changes.Add($"~rule {rule.Name}");
        }

        changes.AddRange(actual.Rules.Where(r => desired.Rules.All(d => d.Name != r.Name)).Select(r => $"-rule {r.Name}"));
        return changes;
    }

    /// <summary>Reasons to re-create the network, and changes made in place.</summary>
    public static (List<string> Replace, List<string> InPlace) Network(StackNetwork actual, StackNetwork desired)
    {
        var (a, d) = (actual.Spec, desired.Spec);
        var replace = new List<string>();
        Compare(replace, "cidr", a.Cidr, d.Cidr);
        Compare(replace, "mode", a.Mode.ToString().ToLowerInvariant(), d.Mode.ToString().ToLowerInvariant());
        Compare(replace, "hostBridge", a.HostBridge, d.HostBridge);
        var inPlace = new List<string>();
        Compare(inPlace, "securityGroup", a.SecurityGroup, d.SecurityGroup);
        return (replace, inPlace);
    }

    /// <summary>Reasons to re-create the VM, changes that need a restart, and changes made live.</summary>
    public static (List<string> Replace, List<string> Restart, List<string> Live) Vm(StackVm actual, StackVm desired, IReadOnlySet<string> replacedNetworks)
    {
        var replace = new List<string>();
        Compare(replace, "template", actual.Template, desired.Template);
        Compare(replace, "pool", actual.Pool ?? "default", desired.Pool ?? "default");
        if (!string.Equals(actual.UserData, desired.UserData, StringComparison.Ordinal)) replace.Add("userData changed");
        var live = new List<string>();
        if (actual.Nics.Count != desired.Nics.Count || actual.Nics.Zip(desired.Nics).Any(p => p.First.Network != p.Second.Network))
        {
            replace.Add($"networks: {Nics(actual)} -> {Nics(desired)}");
        }
        else
        {
            foreach (var (a, d) in actual.Nics.Zip(desired.Nics))
            {
                // A NIC without a desired address takes whatever the network gave it.
                if (d.Address is not null && d.Address != a.Address) replace.Add($"address on {d.Network}: {a.Address ?? "any"} -> {d.Address}");
                Compare(live, $"securityGroup on {d.Network}", a.SecurityGroup, d.SecurityGroup);
            }
        }

        replace.AddRange(desired.Nics.Select(n => n.Network).Distinct().Where(replacedNetworks.Contains).Select(n => $"network {n} is re-created"));
        var restart = new List<string>();
        if (desired.Cpus is { } cpus && cpus != actual.Cpus) restart.Add($"cpus: {Text(actual.Cpus)} -> {cpus}");
        if (desired.MemoryMiB is { } memory && memory != actual.MemoryMiB) restart.Add($"memory: {Text(actual.MemoryMiB)} -> {memory} MiB");
        Compare(live, "onCrash", actual.OnCrash.ToString().ToLowerInvariant(), desired.OnCrash.ToString().ToLowerInvariant());
        Compare(live, "autostart", actual.Autostart ? "true" : "false", desired.Autostart ? "true" : "false");
        return (replace, restart, live);
    }

    public static List<string> Balancer(StackBalancer actual, StackBalancer desired)
    {
        var changes = new List<string>();
        Compare(changes, "frontendAddress", actual.FrontendAddress, desired.FrontendAddress);
        foreach (var pool in desired.Pools)
        {
            if (actual.Pools.FirstOrDefault(p => p.Name == pool.Name) is not { } old)
            {
                changes.Add($"+pool {pool.Name}");
                continue;
            }

            var parts = new List<string>();
            Compare(parts, "network", old.Network, pool.Network);
            parts.AddRange(pool.Members.Where(m => old.Members.All(o => o.Vm != m.Vm)).Select(m => $"+{m.Vm}"));
            parts.AddRange(old.Members.Where(o => pool.Members.All(m => m.Vm != o.Vm)).Select(o => $"-{o.Vm}"));
            parts.AddRange(pool.Members.Select(m => (m, old.Members.FirstOrDefault(o => o.Vm == m.Vm)))
                .Where(p => p.Item2 is not null && p.Item2.Weight != p.m.Weight)
                .Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.m.Vm} weight {p.Item2!.Weight} -> {p.m.Weight}")));
            if (parts.Count > 0) changes.Add($"pool {pool.Name}: {string.Join(", ", parts)}");
        }

        changes.AddRange(actual.Pools.Where(p => desired.Pools.All(d => d.Name != p.Name)).Select(p => $"-pool {p.Name}"));
        Items(changes, "probe", actual.Probes, desired.Probes, p => p.Name);
        Items(changes, "rule", actual.Rules, desired.Rules, r => r.Name);
        return changes;
    }

    /// <summary>
    /// A router's farms as a balancer's pools (network, port, members, weights), and its other keys by top-level key
    /// (<c>~rules</c>, <c>~listeners</c>) or by farm (<c>~farm app</c>): the definition is flotilla-lb's to read.
    /// </summary>
    public static List<string> Router(StackRouter actual, StackRouter desired)
    {
        var changes = new List<string>();
        foreach (var farm in desired.Farms)
        {
            if (actual.Farms.FirstOrDefault(f => f.Name == farm.Name) is not { } old)
            {
                changes.Add($"+farm {farm.Name}");
                continue;
            }

            var parts = new List<string>();
            Compare(parts, "network", old.Network, farm.Network);
            Compare(parts, "port", old.Port.ToString(CultureInfo.InvariantCulture), farm.Port.ToString(CultureInfo.InvariantCulture));
            parts.AddRange(farm.Members.Where(m => old.Members.All(o => o.Vm != m.Vm)).Select(m => $"+{m.Vm}"));
            parts.AddRange(old.Members.Where(o => farm.Members.All(m => m.Vm != o.Vm)).Select(o => $"-{o.Vm}"));
            parts.AddRange(farm.Members.Select(m => (m, old.Members.FirstOrDefault(o => o.Vm == m.Vm)))
                .Where(p => p.Item2 is not null && p.Item2.Weight != p.m.Weight)
                .Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.m.Vm} weight {p.Item2!.Weight} -> {p.m.Weight}")));
            if (parts.Count > 0) changes.Add($"farm {farm.Name}: {string.Join(", ", parts)}");
        }

        changes.AddRange(actual.Farms.Where(f => desired.Farms.All(d => d.Name != f.Name)).Select(f => $"-farm {f.Name}"));
        if (actual.Definition != desired.Definition)
        {
            var (a, d) = (System.Text.Json.Nodes.JsonNode.Parse(actual.Definition)!.AsObject(), System.Text.Json.Nodes.JsonNode.Parse(desired.Definition)!.AsObject());
            foreach (var key in d.Select(p => p.Key).Union(a.Select(p => p.Key)))
            {
                if (key == "farms") changes.AddRange(FarmSettings(a[key], d[key]));
                else if (Text(a[key]) != Text(d[key])) changes.Add(a[key] is null ? $"+{key}" : d[key] is null ? $"-{key}" : $"~{key}");
            }
        }

        return changes;
    }

    private static IEnumerable<string> FarmSettings(System.Text.Json.Nodes.JsonNode? actual, System.Text.Json.Nodes.JsonNode? desired)
    {
        static Dictionary<string, string> ByName(System.Text.Json.Nodes.JsonNode? farms) =>
            (farms as System.Text.Json.Nodes.JsonArray ?? []).OfType<System.Text.Json.Nodes.JsonObject>()
                .GroupBy(f => f["name"]?.ToString() ?? "").ToDictionary(g => g.Key, g => RouterJson.Text(g.First()), StringComparer.Ordinal);
        var (a, d) = (ByName(actual), ByName(desired));
        return d.Where(f => a.TryGetValue(f.Key, out var old) && old != f.Value).Select(f => $"~farm {f.Key}");
    }

    private static string? Text(System.Text.Json.Nodes.JsonNode? node) => node is null ? null : RouterJson.Text(node);

    private static void Items<T>(List<string> changes, string kind, IReadOnlyList<T> actual, IReadOnlyList<T> desired, Func<T, string> name)
        where T : class
    {
        foreach (var item in desired)
        {
            var old = actual.FirstOrDefault(a => name(a) == name(item));
            if (old is null) changes.Add($"+{kind} {name(item)}");
            else if (!old.Equals(item)) changes.Add($"~{kind} {name(item)}");
        }

        changes.AddRange(actual.Where(a => desired.All(d => name(d) != name(a))).Select(a => $"-{kind} {name(a)}"));
    }

    private static void Compare(List<string> changes, string field, string? actual, string? desired)
    {
        if (!string.Equals(actual, desired, StringComparison.Ordinal)) changes.Add($"{field}: {actual ?? "none"} -> {desired ?? "none"}");
    }

    private static string Nics(StackVm vm) => vm.Nics.Count == 0 ? "none" : string.Join(", ", vm.Nics.Select(n => n.Network));

    private static string Text(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "template's";
}
