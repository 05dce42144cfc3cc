using System.Text.Json;
using Flotilla.Core.Security;
using Flotilla.Daemon.Api;
using Flotilla.Store;

namespace Flotilla.Daemon.Security;

/// <summary>Security groups in the store, one key each (<c>nsgs/NAME</c>), changed with compare-and-swap.</summary>
public sealed class SecurityGroupRepository(IStore store)
{
    public const string Prefix = "nsgs/";

    public async Task<SecurityGroup?> GetAsync(string name, CancellationToken ct)
    {
        var entry = await store.GetAsync(Prefix + name, ct).ConfigureAwait(false);
        return entry is null ? null : Read(entry).ToGroup();
    }

    public async Task<IReadOnlyList<SecurityGroup>> ListAsync(CancellationToken ct) =>
        (await store.ListAsync(Prefix, ct).ConfigureAwait(false)).Entries.Select(e => Read(e).ToGroup()).OrderBy(g => g.Name, StringComparer.Ordinal).ToList();

    /// <summary>Every group with the stack that owns it (null: made by hand).</summary>
    public async Task<IReadOnlyList<(SecurityGroup Group, string? Stack)>> ListOwnedAsync(CancellationToken ct) =>
        (await store.ListAsync(Prefix, ct).ConfigureAwait(false)).Entries.Select(e => Read(e)).Select(d => (d.ToGroup(), d.Stack)).ToList();

    /// <exception cref="SecurityGroupExistsException">The name is taken.</exception>
    public async Task CreateAsync(SecurityGroup group, CancellationToken ct, string? stack = null)
    {
        try
        {
            await store.PutAsync(Prefix + group.Name, Write(group, stack), ifModRevision: 0, ct).ConfigureAwait(false);
        }
        catch (StoreConflictException)
        {
            throw new SecurityGroupExistsException(group.Name);
        }
    }

    /// <exception cref="SecurityGroupNotFoundException">No such group.</exception>
    public async Task<SecurityGroup> UpdateAsync(string name, Func<SecurityGroup, SecurityGroup> change, CancellationToken ct)
    {
        while (true)
        {
            var entry = await store.GetAsync(Prefix + name, ct).ConfigureAwait(false) ?? throw new SecurityGroupNotFoundException(name);
            var document = Read(entry);
            var next = change(document.ToGroup());
            try
            {
                await store.PutAsync(Prefix + name, Write(next, document.Stack), entry.ModRevision, ct).ConfigureAwait(false);
                return next;
            }
            catch (StoreConflictException)
            {
                // Changed meanwhile: read again and reapply.
            }
        }
    }

    public Task DeleteAsync(string name, CancellationToken ct) => store.DeleteAsync(Prefix + name, null, ct);

    private static SecurityGroupDocument Read(StoreEntry entry) => JsonSerializer.Deserialize<SecurityGroupDocument>(entry.Value, ApiJson.Options)!;

    private static byte[] Write(SecurityGroup group, string? stack) =>
        JsonSerializer.SerializeToUtf8Bytes(SecurityGroupDocument.From(group) with { Stack = stack }, ApiJson.Options);
}
