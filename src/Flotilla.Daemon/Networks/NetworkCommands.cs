using Flotilla.Compute;
using Flotilla.Compute.Networking;
using Flotilla.Core.Naming;
using Flotilla.Core.Networks;
using Flotilla.Daemon.Events;
using Flotilla.Daemon.Vms;

namespace Flotilla.Daemon.Networks;

/// <summary>
/// The network verbs. Create stores the spec and builds the network at once (a host bridge that does not exist, or a
/// command that fails, undoes both: nothing is left half-made). Delete is refused while a VM has a NIC on it.
/// </summary>
internal sealed class NetworkCommands(NetworkRepository networks, VmRepository vms, NetworkReconciler reconciler, HostCompute compute, EventLog events)
{
    public async Task<NetworkView> CreateAsync(CreateNetworkRequest request, CancellationToken ct)
    {
        var name = ResourceName.Validate(request.Name, "network");
        if (string.IsNullOrWhiteSpace(request.Cidr)) throw new InvalidNetworkException("a network needs a CIDR (--cidr 10.0.1.0/24)");
        var plan = AddressPlan.Parse(request.Cidr.Trim());
        if (request.Mode == NetworkMode.Bridge && string.IsNullOrWhiteSpace(request.HostBridge))
        {
            throw new InvalidNetworkException("a bridge network names the host bridge it joins (--host-bridge NAME)");
        }
        if (request.Mode != NetworkMode.Bridge && request.HostBridge is not null)
        {
            throw new InvalidNetworkException($"--host-bridge is for bridge networks, not {request.Mode.ToString().ToLowerInvariant()} ones");
        }
        HostNetworks.EnsureAvailable();
        var spec = new NetworkSpec
        {
            Name = name, Cidr = plan.Network.ToString(), Mode = request.Mode, HostBridge = request.HostBridge,
            SecurityGroup = request.SecurityGroup, Stack = request.Stack,
        };
        await networks.CreateAsync(spec, ct).ConfigureAwait(false);
        try
        {
            await reconciler.EnsureAsync(spec, ct).ConfigureAwait(false);
        }
        catch
        {
            // The spec first: the reconciler builds what is defined and removes what is not, so this order converges.
            await networks.DeleteAsync(name, CancellationToken.None).ConfigureAwait(false);
            await reconciler.RemoveAsync(name, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
        events.Publish("network.created", $"network/{name}", $"{spec.Mode.ToString().ToLowerInvariant()} {spec.Cidr}, namespace {compute.Networks.Names.Namespace(name)}");
        return await ViewAsync(spec, ct).ConfigureAwait(false);
    }

    /// <param name="force">Also a network a stack owns (the stack's own steps, or <c>--force</c>).</param>
    /// <exception cref="Stacks.StackOwnedException">A stack owns it and <paramref name="force"/> is false.</exception>
    public async Task DeleteAsync(string name, bool force, CancellationToken ct)
    {
        var network = await networks.GetAsync(name, ct).ConfigureAwait(false) ?? throw new NetworkNotFoundException(name);
        if (!force && network.Stack is { } stack) throw new Stacks.StackOwnedException("network", name, stack);
        var users = (await vms.ListAsync(ct).ConfigureAwait(false)).Where(v => v.Spec.Nics.Any(n => n.Network == name)).Select(v => v.Spec).ToList();
        if (users.Count > 0) throw new NetworkInUseException(name, users);
        // The spec first, as at a failed create: a namespace removed while its spec is still defined would be rebuilt.
        await networks.DeleteAsync(name, ct).ConfigureAwait(false);
        await reconciler.RemoveAsync(name, ct).ConfigureAwait(false);
        events.Publish("network.deleted", $"network/{name}", "deleted with its namespace, bridge and rules");
        if ((await networks.ListAsync(ct).ConfigureAwait(false)).All(n => n.Mode != NetworkMode.Nat))
        {
            await compute.Networks.DropHostRulesAsync(ct).ConfigureAwait(false);
        }
    }

    public async Task<NetworkView> GetAsync(string name, CancellationToken ct) =>
        await ViewAsync(await networks.GetAsync(name, ct).ConfigureAwait(false) ?? throw new NetworkNotFoundException(name), ct).ConfigureAwait(false);

    public async Task<IReadOnlyList<NetworkView>> ListAsync(CancellationToken ct)
    {
        var views = new List<NetworkView>();
        foreach (var spec in await networks.ListAsync(ct).ConfigureAwait(false)) views.Add(await ViewAsync(spec, ct).ConfigureAwait(false));
        return views;
    }

    private async Task<NetworkView> ViewAsync(NetworkSpec spec, CancellationToken ct)
    {
        var plan = AddressPlan.Parse(spec.Cidr);
        var names = compute.Networks.Names;
        var ns = names.Namespace(spec.Name);
        var ports = (await vms.ListAsync(ct).ConfigureAwait(false))
            .SelectMany(v => v.Spec.Nics.Select((nic, i) => (v.Name, Nic: nic, Index: i)))
            .Where(p => p.Nic.Network == spec.Name)
            .Select(p => new NetworkPort(p.Name, p.Index, p.Nic.Address, p.Nic.Mac, names.Tap(p.Name, p.Index), p.Nic.SecurityGroup))
            .OrderBy(p => p.Vm, StringComparer.Ordinal).ThenBy(p => p.Nic)
            .ToList();
        return new NetworkView
        {
            Name = spec.Name, Cidr = spec.Cidr, Mode = spec.Mode, HostBridge = spec.HostBridge, SecurityGroup = spec.SecurityGroup,
            Gateway = plan.Gateway.ToString(), Namespace = ns,
            HostAddress = spec.Mode == NetworkMode.Nat ? await compute.Networks.HostAddressAsync(spec.Name, ct).ConfigureAwait(false) : null, Ready = File.Exists(NetworkNames.NamespacePath(ns)),
            Capacity = plan.Capacity, Ports = ports,
        };
    }
}
