using System.Text.Json;
using Flotilla.Daemon.Api;
using Flotilla.Store;

namespace Flotilla.Daemon.Templates;

/// <summary>User templates in the store, one key each: <c>templates/NAME</c> holds the <see cref="UserTemplateSpec"/>.</summary>
internal sealed class TemplateRepository(IStore store)
{
    public const string Prefix = "templates/";

    public async Task<UserTemplateSpec?> GetAsync(string name, CancellationToken cancellationToken) =>
        await store.GetAsync(Prefix + name, cancellationToken).ConfigureAwait(false) is { } entry
            ? JsonSerializer.Deserialize<UserTemplateSpec>(entry.Value, ApiJson.Options)
            : null;

    public async Task<IReadOnlyList<UserTemplateSpec>> ListAsync(CancellationToken cancellationToken) =>
        [.. (await store.ListAsync(Prefix, cancellationToken).ConfigureAwait(false)).Entries.Select(e => JsonSerializer.Deserialize<UserTemplateSpec>(e.Value, ApiJson.Options)!)];

    /// <exception cref="TemplateExistsException">The name is taken.</exception>
    public async Task CreateAsync(UserTemplateSpec template, CancellationToken cancellationToken)
    {
        try
        {
            await store.PutAsync(Prefix + template.Name, JsonSerializer.SerializeToUtf8Bytes(template, ApiJson.Options), ifModRevision: 0, cancellationToken).ConfigureAwait(false);
        }
        catch (StoreConflictException)
        {
            throw new TemplateExistsException(template.Name);
        }
    }

    public Task<bool> DeleteAsync(string name, CancellationToken cancellationToken) => store.DeleteAsync(Prefix + name, null, cancellationToken);
}
