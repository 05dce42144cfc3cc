using Microsoft.Data.Sqlite;

namespace Flotilla.Store.Sqlite;

/// <summary>The store file's tables and settings; applied on every open (idempotent).</summary>
internal static class SqliteSchema
{
    // WAL: readers never block the writer, and a crash mid-write leaves the last committed state.
    // synchronous=FULL: a committed write survives a power cut too; the control plane writes rarely.
    private const string Sql = """
        PRAGMA journal_mode = WAL;
        PRAGMA synchronous = FULL;
        PRAGMA foreign_keys = ON;
        CREATE TABLE IF NOT EXISTS kv (
            key TEXT PRIMARY KEY, value BLOB NOT NULL,
            create_rev INTEGER NOT NULL, mod_rev INTEGER NOT NULL, version INTEGER NOT NULL) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS log (rev INTEGER PRIMARY KEY, kind INTEGER NOT NULL, key TEXT NOT NULL, value BLOB);
        CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
        """;

    public static async Task ApplyAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Sql;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
