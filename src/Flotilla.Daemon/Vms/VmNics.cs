using Flotilla.Compute.Networking;
using Flotilla.Core.Networks;
using Flotilla.Core.Vms;
using Flotilla.Daemon.Networks;

namespace Flotilla.Daemon.Vms;

/// <summary>
/// Hands a VM its NICs on Flotilla networks: for each, the network (which must exist), a MAC unique on the host and an
/// address claimed in the network's <see cref="AddressBook"/> (the one asked for, or the next free). All or nothing:
/// a failure releases what was claimed.
/// </summary>
internal sealed class VmNics(NetworkRepository networks, AddressBook addresses, NetworkReconciler reconciler)
{
    /// <param name="newMac">A MAC not used on the host nor in the list given (those already chosen for this VM).</param>
    /// <exception cref="NetworkNotFoundException">A network does not exist.</exception>
    /// <exception cref="InvalidNetworkException">An address is outside the CIDR, reserved or held, or a network is full.</exception>
    public async Task<IReadOnlyList<VmNic>> AssignAsync(string vm, IReadOnlyList<NicRequest> wanted, Func<IReadOnlyCollection<string>, string> newMac, CancellationToken ct)
    {
        if (wanted.Count == 0) return [];
        HostNetworks.EnsureAvailable();
        var nics = new List<VmNic>();
        try
        {
            for (var i = 0; i < wanted.Count; i++)
            {
                var name = wanted[i].Network;
                if (string.IsNullOrWhiteSpace(name)) throw new InvalidNetworkException($"NIC {i} names no network");
                var network = await networks.GetAsync(name, ct).ConfigureAwait(false) ?? throw new NetworkNotFoundException(name);
                var plan = AddressPlan.Parse(network.Cidr);
                var mac = newMac(nics.Select(n => n.Mac).ToList());
                var address = await addresses.ClaimAsync(network, wanted[i].Address, new AddressLease(vm, i, mac), ct).ConfigureAwait(false);
                nics.Add(new VmNic
                {
                    Network = network.Name, Address = address.ToString(), PrefixLength = plan.PrefixLength, Mac = mac,
                    Gateway = network.Mode == NetworkMode.Nat ? plan.Gateway.ToString() : null, SecurityGroup = wanted[i].SecurityGroup,
                });
            }
            return nics;
        }
        catch
        {
            await ReleaseAsync(vm, nics, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>After NICs came or went: their networks' rules are recompiled (port security covers every tap).</summary>
    public async Task RefreshAsync(IEnumerable<VmNic> nics, CancellationToken ct)
    {
        foreach (var network in nics.Select(n => n.Network).Distinct(StringComparer.Ordinal))
        {
            await reconciler.ApplyRulesAsync(network, ct).ConfigureAwait(false);
        }
    }

    public async Task ReleaseAsync(string vm, IEnumerable<VmNic> nics, CancellationToken ct)
    {
        foreach (var network in nics.Select(n => n.Network).Distinct(StringComparer.Ordinal))
        {
            await addresses.ReleaseAsync(network, vm, ct).ConfigureAwait(false);
        }
    }
}
