using Flotilla.Core.Vms;

namespace Flotilla.Daemon.Networks;

/// <summary>
/// A network cannot go while VMs have NICs on it. The advice names the step that removes them: a stack's VMs go with
/// <c>flotilla destroy STACK</c> (undefining them by hand would be refused, they are the stack's), the rest with undefine.
/// </summary>
public sealed class NetworkInUseException(string name, IReadOnlyList<VmSpec> vms) : Exception(Describe(name, vms))
{
    private static string Describe(string name, IReadOnlyList<VmSpec> vms)
    {
        var names = string.Join(", ", vms.Select(v => $"'{v.Name}'"));
        var stacks = vms.Select(v => v.Stack).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var loose = vms.Count(v => v.Stack is null);
        var steps = new List<string>();
        if (stacks.Count > 0) steps.Add($"destroy stack{(stacks.Count > 1 ? "s" : "")} {string.Join(", ", stacks.Select(s => $"'{s}'"))} (flotilla destroy {string.Join(" / ", stacks)})");
        if (loose > 0) steps.Add($"undefine {(stacks.Count > 0 ? "the other" + (loose > 1 ? "s" : "") : loose > 1 ? "them" : "it")} (flotilla vm undefine)");
        return $"network '{name}' is in use by VM{(vms.Count > 1 ? "s" : "")} {names}: {string.Join(" and ", steps)} first";
    }
}
