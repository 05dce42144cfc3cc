using System.Net;
using System.Text.Json;
using Flotilla.Core.Networks;
using Flotilla.Daemon.Api;
using Flotilla.Store;

namespace Flotilla.Daemon.Networks;

/// <summary>
/// Address management: a network's addresses held by VM NICs, one key each (<c>ipam/NETWORK/ADDRESS</c>), claimed
/// with compare-and-swap on "absent". The store, not a lock in this process, is what makes two holders of one
/// address impossible, so it stays true when several daemons share an etcd store.
/// </summary>
public sealed class AddressBook(IStore store)
{
    public const string Prefix = "ipam/";

    public async Task<IReadOnlyDictionary<IPAddress, AddressLease>> HeldAsync(string network, CancellationToken ct)
    {
        var range = await store.ListAsync($"{Prefix}{network}/", ct).ConfigureAwait(false);
        return range.Entries.ToDictionary(
            e => IPAddress.Parse(e.Key[(e.Key.LastIndexOf('/') + 1)..]),
            e => JsonSerializer.Deserialize<AddressLease>(e.Value, ApiJson.Options)!);
    }

    /// <summary>
    /// Claims <paramref name="requested"/> (refused with the reason when it is outside the CIDR, reserved or held), or
    /// the lowest free address.
    /// </summary>
    /// <exception cref="InvalidNetworkException">The address cannot be had, or the network is full.</exception>
    public async Task<IPAddress> ClaimAsync(NetworkSpec network, string? requested, AddressLease lease, CancellationToken ct)
    {
        var plan = AddressPlan.Parse(network.Cidr);
        if (requested is not null)
        {
            if (!IPAddress.TryParse(requested, out var address) || address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork)
            {
                throw new InvalidNetworkException($"invalid address '{requested}': write an IPv4 address of {network.Cidr}");
            }
            if (plan.WhyNotAssignable(address) is { } why) throw new InvalidNetworkException($"cannot use {address} on network '{network.Name}': {why}");
            if (!await TryClaimAsync(network.Name, address, lease, ct).ConfigureAwait(false))
            {
                var holder = (await HeldAsync(network.Name, ct).ConfigureAwait(false)).GetValueOrDefault(address);
                throw new InvalidNetworkException($"cannot use {address} on network '{network.Name}': it is held by VM '{holder?.Vm ?? "?"}'");
            }
            return address;
        }
        while (true)
        {
            var held = (await HeldAsync(network.Name, ct).ConfigureAwait(false)).Keys.ToHashSet();
            var next = plan.NextFree(held) ?? throw new InvalidNetworkException($"network '{network.Name}' ({network.Cidr}) has no free address left");
            if (await TryClaimAsync(network.Name, next, lease, ct).ConfigureAwait(false)) return next;
        }
    }

    /// <summary>Lets go of every address <paramref name="vm"/> holds on <paramref name="network"/>.</summary>
    public async Task ReleaseAsync(string network, string vm, CancellationToken ct)
    {
        foreach (var (address, lease) in await HeldAsync(network, ct).ConfigureAwait(false))
        {
            if (lease.Vm == vm) await store.DeleteAsync($"{Prefix}{network}/{address}", null, ct).ConfigureAwait(false);
        }
    }

    private async Task<bool> TryClaimAsync(string network, IPAddress address, AddressLease lease, CancellationToken ct)
    {
        try
        {
            await store.PutAsync($"{Prefix}{network}/{address}", JsonSerializer.SerializeToUtf8Bytes(lease, ApiJson.Options), ifModRevision: 0, ct).ConfigureAwait(false);
            return true;
        }
        catch (StoreConflictException)
        {
            return false;
        }
    }
}
