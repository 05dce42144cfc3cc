using System.Text.Json;
using Flotilla.Core.Stacks;
using Flotilla.Store;

namespace Flotilla.Daemon.Stacks;

/// <summary>
/// What each stack's last apply declared, under <c>stacks/declared/NAME</c>: the stack's resources carry its tag, but
/// one deleted behind its back carries nothing, and the stack would count only what is left as ready. With this
/// list <c>stack show</c> reports such a resource <c>Missing</c>. Written before an apply's first step, removed when
/// the stack is destroyed.
/// </summary>
internal sealed class StackDeclarations(IStore store)
{
    public const string Prefix = "stacks/declared/";

    public Task PutAsync(DesiredStack desired, CancellationToken ct) =>
        store.PutAsync(Prefix + desired.Name, JsonSerializer.SerializeToUtf8Bytes(desired.Resources.Select(r => new ResourceRef(r.Kind, r.Name)).ToList()), null, ct);

    public Task DeleteAsync(string stack, CancellationToken ct) => store.DeleteAsync(Prefix + stack, null, ct);

    /// <summary>Every stack's declared resources, by stack name.</summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<ResourceRef>>> ListAsync(CancellationToken ct) =>
        (await store.ListAsync(Prefix, ct).ConfigureAwait(false)).Entries.ToDictionary(
            e => e.Key[Prefix.Length..],
            e => (IReadOnlyList<ResourceRef>)(JsonSerializer.Deserialize<List<ResourceRef>>(e.Value) ?? []),
            StringComparer.Ordinal);
}
