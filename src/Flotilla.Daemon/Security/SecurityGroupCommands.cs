using Flotilla.Core.Naming;
using Flotilla.Core.Security;
using Flotilla.Daemon.Networks;
using Flotilla.Daemon.Vms;

namespace Flotilla.Daemon.Security;

/// <summary>
/// The nsg verbs. Every change reaches the kernel before the verb returns: the networks it concerns get their rules
/// recompiled and replaced in one nft transaction, so the next new connection meets them (established ones go on,
/// as in Azure). No VM restarts.
/// </summary>
internal sealed class SecurityGroupCommands(SecurityGroupRepository groups, NetworkRepository networks, VmRepository vms, NetworkReconciler reconciler)
{
    public async Task<SecurityGroupView> CreateAsync(string? name, CancellationToken ct)
    {
        var group = new SecurityGroup { Name = ResourceName.Validate(name, "network security group") };
        await groups.CreateAsync(group, ct).ConfigureAwait(false);
        return SecurityGroupView.Of(group, []);
    }

    /// <param name="force">Also a group a stack owns (<c>--force</c>).</param>
    /// <exception cref="Stacks.StackOwnedException">A stack owns it and <paramref name="force"/> is false.</exception>
    public async Task DeleteAsync(string name, bool force, CancellationToken ct)
    {
        _ = await groups.GetAsync(name, ct).ConfigureAwait(false) ?? throw new SecurityGroupNotFoundException(name);
        if (!force && (await groups.ListOwnedAsync(ct).ConfigureAwait(false)).FirstOrDefault(g => g.Group.Name == name).Stack is { } stack)
        {
            throw new Stacks.StackOwnedException("network security group", name, stack);
        }
        var users = await UsersAsync(name, ct).ConfigureAwait(false);
        if (users.Count > 0) throw new SecurityGroupInUseException(name, users);
        await groups.DeleteAsync(name, ct).ConfigureAwait(false);
    }

    public async Task<SecurityGroupView> GetAsync(string name, CancellationToken ct)
    {
        var group = await groups.GetAsync(name, ct).ConfigureAwait(false) ?? throw new SecurityGroupNotFoundException(name);
        return SecurityGroupView.Of(group, await UsersAsync(name, ct).ConfigureAwait(false));
    }

    public async Task<IReadOnlyList<SecurityGroupView>> ListAsync(CancellationToken ct)
    {
        var views = new List<SecurityGroupView>();
        foreach (var group in await groups.ListAsync(ct).ConfigureAwait(false)) views.Add(SecurityGroupView.Of(group, await UsersAsync(group.Name, ct).ConfigureAwait(false)));
        return views;
    }

    /// <exception cref="SecurityRuleException">The rule is malformed, or its name or priority is taken in the group.</exception>
    public async Task<SecurityGroupView> AddRuleAsync(string name, SecurityRuleText rule, CancellationToken ct)
    {
        var group = await groups.UpdateAsync(name, g => g.WithRule(rule.Parse(name)), ct).ConfigureAwait(false);
        await reconciler.ApplyRulesForGroupAsync(name, ct).ConfigureAwait(false);
        return SecurityGroupView.Of(group, await UsersAsync(name, ct).ConfigureAwait(false));
    }

    public async Task<SecurityGroupView> RemoveRuleAsync(string name, string rule, CancellationToken ct)
    {
        var group = await groups.UpdateAsync(name, g => g.WithoutRule(rule), ct).ConfigureAwait(false);
        await reconciler.ApplyRulesForGroupAsync(name, ct).ConfigureAwait(false);
        return SecurityGroupView.Of(group, await UsersAsync(name, ct).ConfigureAwait(false));
    }

    /// <summary>Attaches the group to a network or a NIC (replacing the one it had), or detaches with <paramref name="name"/> null.</summary>
    public async Task AttachAsync(string? name, AttachRequest target, CancellationToken ct)
    {
        if (name is not null) _ = await groups.GetAsync(name, ct).ConfigureAwait(false) ?? throw new SecurityGroupNotFoundException(name);
        if ((target.Network is null) == (target.Vm is null)) throw new InvalidSpecException("name either a network or a VM (with its NIC)");
        string network;
        if (target.Network is { } networkName)
        {
            _ = await networks.GetAsync(networkName, ct).ConfigureAwait(false) ?? throw new NetworkNotFoundException(networkName);
            await networks.UpdateAsync(networkName, n => n with { SecurityGroup = name }, ct).ConfigureAwait(false);
            network = networkName;
        }
        else
        {
            var vm = await vms.GetAsync(target.Vm!, ct).ConfigureAwait(false) ?? throw new VmNotFoundException(target.Vm!);
            if (target.Nic < 0 || target.Nic >= vm.Spec.Nics.Count)
            {
                throw new InvalidSpecException(vm.Spec.Nics.Count == 0
                    ? $"VM '{vm.Name}' has no NIC on a network (it uses user networking)"
                    : $"VM '{vm.Name}' has no nic{target.Nic} (it has nic0 to nic{vm.Spec.Nics.Count - 1})");
            }
            await vms.UpdateSpecAsync(vm.Name, v => v.Spec with
            {
                Nics = [.. v.Spec.Nics.Select((nic, i) => i == target.Nic ? nic with { SecurityGroup = name } : nic)],
            }, ct).ConfigureAwait(false);
            network = vm.Spec.Nics[target.Nic].Network;
        }
        await reconciler.ApplyRulesAsync(network, ct).ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<string>> UsersAsync(string group, CancellationToken ct) =>
        [
            .. (await networks.ListAsync(ct).ConfigureAwait(false)).Where(n => n.SecurityGroup == group).Select(n => $"network '{n.Name}'"),
            .. (await vms.ListAsync(ct).ConfigureAwait(false)).SelectMany(v => v.Spec.Nics.Select((nic, i) => (v.Name, nic, i)))
                .Where(x => x.nic.SecurityGroup == group).Select(x => $"NIC {x.Name}/nic{x.i}"),
        ];
}
