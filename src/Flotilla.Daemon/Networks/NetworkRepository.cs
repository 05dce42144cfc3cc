using System.Text.Json;
using Flotilla.Core.Networks;
using Flotilla.Daemon.Api;
using Flotilla.Store;

namespace Flotilla.Daemon.Networks;

/// <summary>Networks in the store: the spec under <c>networks/spec/NAME</c>, created once (compare-and-swap on "absent").</summary>
public sealed class NetworkRepository(IStore store)
{
    public const string SpecPrefix = "networks/spec/";

    public IStore Store => store;

    public async Task<NetworkSpec?> GetAsync(string name, CancellationToken ct)
    {
        var entry = await store.GetAsync(SpecPrefix + name, ct).ConfigureAwait(false);
        return entry is null ? null : Read(entry);
    }

    public async Task<IReadOnlyList<NetworkSpec>> ListAsync(CancellationToken ct) =>
        (await store.ListAsync(SpecPrefix, ct).ConfigureAwait(false)).Entries.Select(Read).OrderBy(n => n.Name, StringComparer.Ordinal).ToList();

    /// <exception cref="NetworkExistsException">The name is taken.</exception>
    public async Task CreateAsync(NetworkSpec spec, CancellationToken ct)
    {
        try
        {
            await store.PutAsync(SpecPrefix + spec.Name, JsonSerializer.SerializeToUtf8Bytes(spec, ApiJson.Options), ifModRevision: 0, ct).ConfigureAwait(false);
        }
        catch (StoreConflictException)
        {
            throw new NetworkExistsException(spec.Name);
        }
    }

    public async Task UpdateAsync(string name, Func<NetworkSpec, NetworkSpec> change, CancellationToken ct)
    {
        while (true)
        {
            var entry = await store.GetAsync(SpecPrefix + name, ct).ConfigureAwait(false) ?? throw new NetworkNotFoundException(name);
            try
            {
                await store.PutAsync(SpecPrefix + name, JsonSerializer.SerializeToUtf8Bytes(change(Read(entry)), ApiJson.Options), entry.ModRevision, ct).ConfigureAwait(false);
                return;
            }
            catch (StoreConflictException)
            {
                // Changed meanwhile: read again.
            }
        }
    }

    public Task DeleteAsync(string name, CancellationToken ct) => store.DeleteAsync(SpecPrefix + name, null, ct);

    private static NetworkSpec Read(StoreEntry entry) => Read(entry.Value);

    internal static NetworkSpec Read(byte[] value) => JsonSerializer.Deserialize<NetworkSpec>(value, ApiJson.Options)!;
}
