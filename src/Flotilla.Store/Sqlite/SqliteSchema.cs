using Microsoft.Data.Sqlite;

namespace Flotilla.Store.Sqlite;

/// <summary>
/// The store file's tables and settings; applied on every open. <c>PRAGMA user_version</c> says which steps a file
/// has had (files written before transactions and leases are at 0 with the version 1 tables), so an old file is
/// brought forward in place, keeping its entries, revisions and history.
/// </summary>
internal static class SqliteSchema
{
    public const int Version = 2;

    // WAL: readers never block the writer, and a crash mid-write leaves the last committed state.
    // synchronous=FULL: a committed write survives a power cut too; the control plane writes rarely.
    private const string Settings = """
        PRAGMA journal_mode = WAL;
        PRAGMA synchronous = FULL;
        PRAGMA foreign_keys = ON;
        """;

    private const string Version1 = """
        CREATE TABLE IF NOT EXISTS kv (
            key TEXT PRIMARY KEY, value BLOB NOT NULL,
            create_rev INTEGER NOT NULL, mod_rev INTEGER NOT NULL, version INTEGER NOT NULL) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS log (rev INTEGER PRIMARY KEY, kind INTEGER NOT NULL, key TEXT NOT NULL, value BLOB);
        CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
        """;

    // Version 2: a transaction writes several keys at one revision, so the log is keyed by (rev, seq), seq being the
    // op's place in its transaction; a key may belong to a lease (0: none), whose deadline is in unix milliseconds.
    private const string Version2 = """
        ALTER TABLE kv ADD COLUMN lease INTEGER NOT NULL DEFAULT 0;
        CREATE INDEX kv_lease ON kv (lease) WHERE lease <> 0;
        CREATE TABLE log2 (rev INTEGER NOT NULL, seq INTEGER NOT NULL, kind INTEGER NOT NULL, key TEXT NOT NULL, value BLOB,
            PRIMARY KEY (rev, seq)) WITHOUT ROWID;
        INSERT INTO log2 (rev, seq, kind, key, value) SELECT rev, 0, kind, key, value FROM log;
        DROP TABLE log;
        ALTER TABLE log2 RENAME TO log;
        CREATE TABLE lease (id INTEGER PRIMARY KEY, ttl_ms INTEGER NOT NULL, deadline_ms INTEGER NOT NULL);
        """;

    public static async Task ApplyAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await ExecuteAsync(connection, Settings, cancellationToken).ConfigureAwait(false);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var version = await UserVersionAsync(connection, cancellationToken).ConfigureAwait(false);
        if (version > Version) throw new InvalidOperationException($"store: the file's schema version is {version}, newer than this flotillad's {Version}: upgrade flotillad");
        if (version < 1) await ExecuteAsync(connection, Version1, cancellationToken).ConfigureAwait(false);
        if (version < 2) await ExecuteAsync(connection, Version2, cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, $"PRAGMA user_version = {Version};", cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<long> UserVersionAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA user_version;";
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
