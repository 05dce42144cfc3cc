using Flotilla.Core.Networks;
using Flotilla.Core.Specs;

namespace Flotilla.Core.Stacks;

/// <summary>
/// What an output may refer to, as dotted paths:
/// <c>stack</c>;
/// <c>networks.NAME.cidr</c>, <c>networks.NAME.gateway</c>;
/// <c>vms.VM.name</c>, <c>vms.VM.address</c> (its first NIC's address, known once the VM exists);
/// <c>loadBalancers.NAME.frontend</c> (its frontend address), <c>loadBalancers.NAME.rules.RULE.frontendPort</c>;
/// <c>routers.NAME.url</c> (<c>http://ADDRESS:PORT/</c> of its first listener).
/// </summary>
public static class OutputReferences
{
    internal static void Check(StackFile file, StackIndex index, List<SpecException> problems)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var output in file.Outputs)
        {
            names.Add(output.Name);
            foreach (var reference in output.Expression.References)
            {
                if (Problem(reference.Split('.'), index) is { } problem)
                {
                    problems.Add(output.Origin.Error(null, $"${{{reference}}}: {problem}"));
                }
            }
        }

        if (file.Verify is { } verify && !names.Contains(verify.Output))
        {
            problems.Add(verify.Origin.Error("output", $"no output named '{verify.Output}' to take the URL to test from (outputs: {StackIndex.Known(names)})"));
        }
    }

    /// <summary>Every output's value.</summary>
    /// <param name="vmAddress">A VM's address on its first NIC, as the daemon gave it; null while it has none.</param>
    public static IReadOnlyList<KeyValuePair<string, string>> Evaluate(DesiredStack stack, Func<string, string?> vmAddress) =>
        stack.Outputs.Select(output => KeyValuePair.Create(output.Name, string.Concat(output.Expression.Parts.Select(part =>
            part.IsReference ? Value(part.Text.Split('.'), stack, vmAddress) ?? "" : part.Text)))).ToList();

    private static string? Problem(string[] path, StackIndex index) => path switch
    {
        ["stack"] => null,
        ["networks", var name, "cidr" or "gateway"] => index.Networks.ContainsKey(name) ? null : $"unknown network '{name}'",
        ["vms", var name, "name"] => index.InstancesByName.ContainsKey(name) ? null : $"unknown VM '{name}'",
        ["vms", var name, "address"] => !index.InstancesByName.TryGetValue(name, out var vm) ? $"unknown VM '{name}'"
            : vm.Declaration.Nics.Count == 0 ? $"VM '{name}' has no network" : null,
        ["loadBalancers", var name, "frontend"] => index.File.LoadBalancers.Any(b => b.Name == name) ? null : $"unknown load balancer '{name}'",
        ["loadBalancers", var name, "rules", var rule, "frontendPort"] => index.File.LoadBalancers.FirstOrDefault(b => b.Name == name) is not { } balancer
            ? $"unknown load balancer '{name}'"
            : balancer.Rules.Any(r => r.Rule.Name == rule) ? null : $"unknown rule '{rule}' of load balancer '{name}'",
        ["routers", var name, "url"] => index.File.Routers.FirstOrDefault(r => r.Name == name) is not { } router ? $"unknown router '{name}'"
            : router.Listeners.Count == 0 ? $"router '{name}' has no listener" : null,
        _ => "not a reference: use stack, networks.NAME.cidr|gateway, vms.VM.name|address, loadBalancers.NAME.frontend, loadBalancers.NAME.rules.RULE.frontendPort or routers.NAME.url",
    };

    private static string? Value(string[] path, DesiredStack stack, Func<string, string?> vmAddress) => path switch
    {
        ["stack"] => stack.Name,
        ["networks", var name, "cidr"] => stack.Networks.FirstOrDefault(n => n.Name == name)?.Spec.Cidr,
        ["networks", var name, "gateway"] => stack.Networks.FirstOrDefault(n => n.Name == name) is { } network
            ? AddressPlan.Parse(network.Spec.Cidr).Gateway.ToString()
            : null,
        ["vms", var name, "name"] => name,
        ["vms", var name, "address"] => stack.Vms.FirstOrDefault(v => v.Name == name) is { } vm
            ? vm.Nics.FirstOrDefault()?.Address ?? vmAddress(name)
            : null,
        ["loadBalancers", var name, "frontend"] => stack.Balancers.FirstOrDefault(b => b.Name == name)?.FrontendAddress,
        ["loadBalancers", var name, "rules", var rule, "frontendPort"] => stack.Balancers.FirstOrDefault(b => b.Name == name)?.Rules
            .FirstOrDefault(r => r.Name == rule)?.FrontendPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["routers", var name, "url"] => stack.Routers.FirstOrDefault(r => r.Name == name)?.Url,
        _ => null,
    };
}
