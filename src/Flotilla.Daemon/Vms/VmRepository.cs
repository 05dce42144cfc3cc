using System.Text.Json;
using Flotilla.Core.Vms;
using Flotilla.Daemon.Api;
using Flotilla.Store;

namespace Flotilla.Daemon.Vms;

/// <summary>
/// VMs in the store: the spec under <c>vms/spec/NAME</c> (written by verbs, compare-and-swap) and
/// the status under <c>vms/status/NAME</c> (written only by the reconciler).
/// </summary>
public sealed class VmRepository(IStore store)
{
    public const string SpecPrefix = "vms/spec/";
    public const string StatusPrefix = "vms/status/";

    public IStore Store { get; } = store;

    public async Task<VmView?> GetAsync(string name, CancellationToken cancellationToken)
    {
        var spec = await Store.GetAsync(SpecPrefix + name, cancellationToken).ConfigureAwait(false);
        if (spec is null) return null;
        var status = await Store.GetAsync(StatusPrefix + name, cancellationToken).ConfigureAwait(false);
        return View(spec, status);
    }

    public async Task<IReadOnlyList<VmView>> ListAsync(CancellationToken cancellationToken)
    {
        var specs = await Store.ListAsync(SpecPrefix, cancellationToken).ConfigureAwait(false);
        var statuses = (await Store.ListAsync(StatusPrefix, cancellationToken).ConfigureAwait(false)).Entries
            .ToDictionary(e => e.Key[StatusPrefix.Length..], StringComparer.Ordinal);
        return specs.Entries.Select(s => View(s, statuses.GetValueOrDefault(s.Key[SpecPrefix.Length..]))).ToList();
    }

    /// <exception cref="VmExistsException">The name is taken.</exception>
    public async Task<long> CreateAsync(VmSpec spec, VmStatus status, CancellationToken cancellationToken)
    {
        try
        {
            await Store.PutAsync(StatusPrefix + spec.Name, Serialize(status), null, cancellationToken).ConfigureAwait(false);
            return await Store.PutAsync(SpecPrefix + spec.Name, Serialize(spec), ifModRevision: 0, cancellationToken).ConfigureAwait(false);
        }
        catch (StoreConflictException)
        {
            throw new VmExistsException(spec.Name);
        }
    }

    /// <summary>Changes a spec with compare-and-swap, retrying when the reconciler or another verb wrote meanwhile.</summary>
    /// <exception cref="VmNotFoundException">No such VM.</exception>
    public async Task<VmView> UpdateSpecAsync(string name, Func<VmView, VmSpec> change, CancellationToken cancellationToken)
    {
        while (true)
        {
            var current = await GetAsync(name, cancellationToken).ConfigureAwait(false) ?? throw new VmNotFoundException(name);
            var next = change(current);
            try
            {
                var revision = await Store.PutAsync(SpecPrefix + name, Serialize(next), current.SpecRevision, cancellationToken).ConfigureAwait(false);
                return current with { Spec = next, Revision = revision, SpecRevision = revision };
            }
            catch (StoreConflictException)
            {
                // Someone else changed it since we read it: read again and reapply.
            }
        }
    }

    public Task WriteStatusAsync(string name, VmStatus status, CancellationToken cancellationToken) =>
        Store.PutAsync(StatusPrefix + name, Serialize(status), null, cancellationToken);

    public async Task DeleteAsync(string name, CancellationToken cancellationToken)
    {
        await Store.DeleteAsync(SpecPrefix + name, null, cancellationToken).ConfigureAwait(false);
        await Store.DeleteAsync(StatusPrefix + name, null, cancellationToken).ConfigureAwait(false);
    }

    private static VmView View(StoreEntry spec, StoreEntry? status) => new(
        spec.Key[SpecPrefix.Length..], Math.Max(spec.ModRevision, status?.ModRevision ?? 0),
        JsonSerializer.Deserialize<VmSpec>(spec.Value, ApiJson.Options)!,
        status is null ? new VmStatus() : JsonSerializer.Deserialize<VmStatus>(status.Value, ApiJson.Options)!)
    {
        SpecRevision = spec.ModRevision,
    };

    private static byte[] Serialize<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, ApiJson.Options);
}
