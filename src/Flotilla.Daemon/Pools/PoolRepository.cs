using System.Text.Json;
using Flotilla.Daemon.Api;
using Flotilla.Store;

namespace Flotilla.Daemon.Pools;

/// <summary>Pools in the store, one key each: <c>pools/NAME</c> holds the <see cref="PoolSpec"/>.</summary>
internal sealed class PoolRepository(IStore store)
{
    public const string Prefix = "pools/";

    public async Task<PoolSpec?> GetAsync(string name, CancellationToken cancellationToken) =>
        await store.GetAsync(Prefix + name, cancellationToken).ConfigureAwait(false) is { } entry
            ? JsonSerializer.Deserialize<PoolSpec>(entry.Value, ApiJson.Options)
            : null;

    public async Task<IReadOnlyList<PoolSpec>> ListAsync(CancellationToken cancellationToken) =>
        [.. (await store.ListAsync(Prefix, cancellationToken).ConfigureAwait(false)).Entries.Select(e => JsonSerializer.Deserialize<PoolSpec>(e.Value, ApiJson.Options)!)];

    /// <exception cref="PoolExistsException">The name is taken.</exception>
    public async Task CreateAsync(PoolSpec pool, CancellationToken cancellationToken)
    {
        try
        {
            await store.PutAsync(Prefix + pool.Name, JsonSerializer.SerializeToUtf8Bytes(pool, ApiJson.Options), ifModRevision: 0, cancellationToken).ConfigureAwait(false);
        }
        catch (StoreConflictException)
        {
            throw new PoolExistsException(pool.Name);
        }
    }

    public Task<bool> DeleteAsync(string name, CancellationToken cancellationToken) => store.DeleteAsync(Prefix + name, null, cancellationToken);
}
