using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;

namespace Flotilla.Store.Sqlite;

/// <summary>
/// The single-host store: one SQLite file in WAL mode. <c>kv</c> holds the current entries,
/// <c>log</c> every change by revision (what watches read), <c>meta</c> the global revision and
/// how far the log was compacted. One connection, one operation at a time: a host's control
/// plane writes rarely, and serialising makes compare-and-swap trivially right.
/// </summary>
public sealed class SqliteStore : IStore
{
    /// <summary>Changes kept for watches by default; older ones are compacted, as etcd's auto-compaction does.</summary>
    public const long DefaultHistoryKept = 10_000;

    private readonly SqliteConnection _connection;
    private readonly long _historyKept;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private TaskCompletionSource _changed = NewSignal();
    private int _disposed;

    private SqliteStore(SqliteConnection connection, long historyKept)
    {
        _connection = connection;
        _historyKept = historyKept;
    }

    public string Name => "sqlite";

    /// <summary>Opens (creating when missing) the store file at <paramref name="path"/>.</summary>
    public static async Task<SqliteStore> OpenAsync(string path, CancellationToken cancellationToken, long historyKept = DefaultHistoryKept)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await SqliteSchema.ApplyAsync(connection, cancellationToken).ConfigureAwait(false);
            return new SqliteStore(connection, historyKept);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async Task<StoreEntry?> GetAsync(string key, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return ReadEntry(key);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<long> PutAsync(string key, ReadOnlyMemory<byte> value, long? ifModRevision, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var revision = await WriteAsync(key, ifModRevision, (current, rev) =>
        {
            using var upsert = Command(
                "INSERT INTO kv (key, value, create_rev, mod_rev, version) VALUES ($key, $value, $rev, $rev, 1) " +
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value, mod_rev = excluded.mod_rev, version = kv.version + 1",
                ("$key", key), ("$value", value.ToArray()), ("$rev", rev));
            upsert.ExecuteNonQuery();
            Log(rev, StoreEventKind.Put, key, value.ToArray());
            return true;
        }, cancellationToken).ConfigureAwait(false);
        return revision;
    }

    public async Task<bool> DeleteAsync(string key, long? ifModRevision, CancellationToken cancellationToken)
    {
        var deleted = false;
        await WriteAsync(key, ifModRevision, (current, rev) =>
        {
            if (current is null) return false;
            using var delete = Command("DELETE FROM kv WHERE key = $key", ("$key", key));
            delete.ExecuteNonQuery();
            Log(rev, StoreEventKind.Delete, key, null);
            deleted = true;
            return true;
        }, cancellationToken).ConfigureAwait(false);
        return deleted;
    }

    public async Task<StoreRange> ListAsync(string prefix, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var transaction = _connection.BeginTransaction(deferred: true);
            var entries = new List<StoreEntry>();
            using (var select = Command(
                "SELECT key, value, create_rev, mod_rev, version FROM kv WHERE substr(key, 1, length($prefix)) = $prefix ORDER BY key",
                ("$prefix", prefix)))
            using (var reader = select.ExecuteReader())
            {
                while (reader.Read()) entries.Add(ReadEntry(reader));
            }
            var revision = Meta("revision");
            transaction.Commit();
            return new StoreRange(entries, revision);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async IAsyncEnumerable<StoreEvent> WatchAsync(string prefix, long fromRevision, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var next = Math.Max(fromRevision, 1);
        while (true)
        {
            Task changed;
            List<StoreEvent> batch;
            await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                changed = _changed.Task;
                var compacted = Meta("compacted");
                if (next <= compacted) throw new StoreCompactedException(next, compacted + 1);
                batch = ReadLog(prefix, next);
            }
            finally
            {
                _gate.Release();
            }
            foreach (var e in batch)
            {
                next = e.Revision + 1;
                yield return e;
            }
            if (batch.Count == 0) await changed.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<long> WriteAsync(string key, long? ifModRevision, Func<StoreEntry?, long, bool> apply, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        long revision;
        try
        {
            using var transaction = _connection.BeginTransaction();
            var current = ReadEntry(key);
            if (ifModRevision is { } expected && (current?.ModRevision ?? 0) != expected)
            {
                throw new StoreConflictException(key, expected, current?.ModRevision ?? 0);
            }
            revision = Meta("revision") + 1;
            if (!apply(current, revision))
            {
                return Meta("revision");
            }
            SetMeta("revision", revision);
            // Compact in steps of a tenth of the history, so most writes delete nothing.
            if (revision % Math.Max(1, _historyKept / 10) == 0 && revision > _historyKept) Compact(revision - _historyKept);
            transaction.Commit();
        }
        finally
        {
            _gate.Release();
        }
        Interlocked.Exchange(ref _changed, NewSignal()).TrySetResult();
        return revision;
    }

    private void Compact(long throughRevision)
    {
        using var delete = Command("DELETE FROM log WHERE rev <= $rev", ("$rev", throughRevision));
        delete.ExecuteNonQuery();
        SetMeta("compacted", throughRevision);
    }

    private StoreEntry? ReadEntry(string key)
    {
        using var select = Command("SELECT key, value, create_rev, mod_rev, version FROM kv WHERE key = $key", ("$key", key));
        using var reader = select.ExecuteReader();
        return reader.Read() ? ReadEntry(reader) : null;
    }

    private static StoreEntry ReadEntry(SqliteDataReader r) =>
        new(r.GetString(0), (byte[])r.GetValue(1), r.GetInt64(2), r.GetInt64(3), r.GetInt64(4));

    private List<StoreEvent> ReadLog(string prefix, long from)
    {
        using var select = Command(
            "SELECT rev, kind, key, value FROM log WHERE rev >= $from AND substr(key, 1, length($prefix)) = $prefix ORDER BY rev LIMIT 1000",
            ("$from", from), ("$prefix", prefix));
        using var reader = select.ExecuteReader();
        var events = new List<StoreEvent>();
        while (reader.Read())
        {
            events.Add(new StoreEvent((StoreEventKind)reader.GetInt32(1), reader.GetString(2), reader.IsDBNull(3) ? null : (byte[])reader.GetValue(3), reader.GetInt64(0)));
        }
        return events;
    }

    private void Log(long revision, StoreEventKind kind, string key, byte[]? value)
    {
        using var insert = Command("INSERT INTO log (rev, kind, key, value) VALUES ($rev, $kind, $key, $value)",
            ("$rev", revision), ("$kind", (int)kind), ("$key", key), ("$value", (object?)value ?? DBNull.Value));
        insert.ExecuteNonQuery();
    }

    private long Meta(string name)
    {
        using var select = Command("SELECT value FROM meta WHERE name = $name", ("$name", name));
        return select.ExecuteScalar() is long value ? value : 0;
    }

    private void SetMeta(string name, long value)
    {
        using var upsert = Command("INSERT INTO meta (name, value) VALUES ($name, $value) ON CONFLICT(name) DO UPDATE SET value = excluded.value",
            ("$name", name), ("$value", value));
        upsert.ExecuteNonQuery();
    }

    private SqliteCommand Command(string sql, params (string Name, object Value)[] parameters)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        return command;
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        await _gate.WaitAsync().ConfigureAwait(false);
        await _connection.DisposeAsync().ConfigureAwait(false);
        _gate.Dispose();
    }
}
