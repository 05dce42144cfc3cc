using System.Text.Json;
using Flotilla.Daemon.Api;
using Flotilla.Store;

namespace Flotilla.Daemon.Balancers;

/// <summary>Balancers in the store: the spec under <c>balancers/NAME</c>, written whole by PUT.</summary>
public sealed class BalancerRepository(IStore store)
{
    public const string Prefix = "balancers/";

    public IStore Store { get; } = store;

    public async Task<(BalancerSpec Spec, long Revision)?> GetAsync(string name, CancellationToken ct)
    {
        var entry = await Store.GetAsync(Prefix + name, ct).ConfigureAwait(false);
        return entry is null ? null : (Read(entry), entry.ModRevision);
    }

    public async Task<IReadOnlyList<(BalancerSpec Spec, long Revision)>> ListAsync(CancellationToken ct) =>
        (await Store.ListAsync(Prefix, ct).ConfigureAwait(false)).Entries.Select(e => (Read(e), e.ModRevision)).OrderBy(b => b.Item1.Name, StringComparer.Ordinal).ToList();

    public Task<long> PutAsync(BalancerSpec spec, CancellationToken ct) =>
        Store.PutAsync(Prefix + spec.Name, JsonSerializer.SerializeToUtf8Bytes(spec, ApiJson.Options), null, ct);

    public Task<bool> DeleteAsync(string name, CancellationToken ct) => Store.DeleteAsync(Prefix + name, null, ct);

    private static BalancerSpec Read(StoreEntry entry) => JsonSerializer.Deserialize<BalancerSpec>(entry.Value, ApiJson.Options)!;
}
