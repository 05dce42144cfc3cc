using Flotilla.Store;
using Flotilla.Store.Sqlite;
using Microsoft.Data.Sqlite;

namespace Flotilla.Daemon.Hosting;

/// <summary>Opens the store <c>--store</c> names; the one place the daemon picks an <see cref="IStore"/> implementation.</summary>
internal static class StoreFactory
{
    /// <exception cref="InvalidOperationException">The store cannot be opened (an unwritable path, a file that is not a store); the message is one line.</exception>
    public static async Task<IStore> OpenAsync(StoreLocation location, CancellationToken cancellationToken)
    {
        try
        {
            return await SqliteStore.OpenAsync(location.SqlitePath, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SqliteException or IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"cannot open the store {location}: {e.Message.Split('\n')[0].Trim()}", e);
        }
    }
}
