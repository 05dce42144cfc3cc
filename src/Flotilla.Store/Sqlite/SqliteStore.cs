using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Flotilla.Store.Sqlite;

/// <summary>
/// The single-host store: one SQLite file in WAL mode. <c>kv</c> holds the current entries,
/// <c>log</c> every change by revision (what watches read), <c>meta</c> the global revision and
/// how far the log was compacted, <c>lease</c> the leases and their deadlines. One connection, one
/// operation at a time: a host's control plane writes rarely, and serialising makes
/// compare-and-swap and transactions trivially right.
/// </summary>
public sealed partial class SqliteStore : IStore
{
    /// <summary>Changes kept for watches by default; older ones are compacted, as etcd's auto-compaction does.</summary>
    public const long DefaultHistoryKept = 10_000;

    private readonly SqliteConnection _connection;
    private readonly long _historyKept;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private TaskCompletionSource _changed = NewSignal();
    private int _disposed;

    private SqliteStore(SqliteConnection connection, long historyKept, TimeProvider time, ILogger logger)
    {
        _connection = connection;
        _historyKept = historyKept;
        _time = time;
        _logger = logger;
        _sweeper = time.CreateTimer(_ => OnSweepDue(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public string Name => "sqlite";

    /// <summary>
    /// Opens (creating when missing) the store file at <paramref name="path"/>. Leases end by
    /// <paramref name="timeProvider"/>'s wall clock (deadlines are stored, so they hold across a restart).
    /// </summary>
    public static async Task<SqliteStore> OpenAsync(string path, CancellationToken cancellationToken, long historyKept = DefaultHistoryKept,
        TimeProvider? timeProvider = null, ILogger? logger = null)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await SqliteSchema.ApplyAsync(connection, cancellationToken).ConfigureAwait(false);
            var store = new SqliteStore(connection, historyKept, timeProvider ?? TimeProvider.System, logger ?? NullLogger.Instance);
            store.ArmSweeper();
            return store;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public Task<StoreEntry?> GetAsync(string key, CancellationToken cancellationToken) =>
        RunAsync(() => ReadEntry(key), cancellationToken);

    public Task<long> PutAsync(string key, ReadOnlyMemory<byte> value, long? ifModRevision, CancellationToken cancellationToken) =>
        PutAsync(key, value, ifModRevision, lease: 0, cancellationToken);

    public async Task<long> PutAsync(string key, ReadOnlyMemory<byte> value, long? ifModRevision, long lease, CancellationToken cancellationToken)
    {
        var (result, _) = await RunAsync(() => Apply(Txn(key, ifModRevision, new StoreOp.Put(key, value, lease))), cancellationToken).ConfigureAwait(false);
        return result.Succeeded ? result.Revision : throw new StoreConflictException(key, ifModRevision!.Value, result.ModRevisionOf(key));
    }

    public async Task<bool> DeleteAsync(string key, long? ifModRevision, CancellationToken cancellationToken)
    {
        var (result, changed) = await RunAsync(() => Apply(Txn(key, ifModRevision, new StoreOp.Delete(key))), cancellationToken).ConfigureAwait(false);
        return result.Succeeded ? changed > 0 : throw new StoreConflictException(key, ifModRevision!.Value, result.ModRevisionOf(key));
    }

    public async Task<StoreTxnResult> TxnAsync(StoreTxn txn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(txn);
        var written = new HashSet<string>(StringComparer.Ordinal);
        foreach (var op in txn.Success)
        {
            ArgumentException.ThrowIfNullOrEmpty(op.Key);
            // etcd refuses a transaction that writes a key twice ("duplicate key given in txn request").
            if (!written.Add(op.Key)) throw new ArgumentException($"store: the transaction writes '{op.Key}' more than once", nameof(txn));
        }
        return (await RunAsync(() => Apply(txn), cancellationToken).ConfigureAwait(false)).Result;
    }

    public Task<StoreRange> ListAsync(string prefix, CancellationToken cancellationToken) => RunAsync(() =>
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
    }, cancellationToken);

    public async IAsyncEnumerable<StoreEvent> WatchAsync(string prefix, long fromRevision, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var next = Math.Max(fromRevision, 1);
        while (true)
        {
            var (changed, batch) = await RunAsync(() =>
            {
                var compacted = Meta("compacted");
                if (next <= compacted) throw new StoreCompactedException(next, compacted + 1);
                return (_changed.Task, ReadLog(prefix, next));
            }, cancellationToken).ConfigureAwait(false);
            foreach (var e in batch)
            {
                next = e.Revision + 1;
                yield return e;
            }
            if (batch.Count == 0) await changed.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Drops the history before <paramref name="revision"/>, as etcd's <c>Compact</c>: a watch from it still works, one
    /// from earlier throws <see cref="StoreCompactedException"/>. Writes also compact on their own (history kept).
    /// </summary>
    internal Task CompactAsync(long revision, CancellationToken cancellationToken) => RunAsync(() =>
    {
        var current = Meta("revision");
        if (revision > current) throw new ArgumentOutOfRangeException(nameof(revision), revision, $"store: revision {revision} is in the future (now {current})");
        using var transaction = _connection.BeginTransaction();
        if (revision - 1 > Meta("compacted")) Compact(revision - 1);
        transaction.Commit();
        return true;
    }, cancellationToken);

    /// <summary>
    /// Runs <paramref name="work"/> alone on the connection, after ending the leases that are due: that sweep, not a
    /// filter on every query, is why no read or compare ever sees a key whose lease has expired, even when the sweeper
    /// timer has not fired yet; and the Delete events come first, at their own revision, as etcd's expiry would.
    /// </summary>
    private async Task<T> RunAsync<T>(Func<T> work, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) == 1, this);
            SweepDue();
            return work();
        }
        finally
        {
            _gate.Release();
        }
    }

    private static StoreTxn Txn(string key, long? ifModRevision, StoreOp op)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        return new StoreTxn(ifModRevision is { } expected ? [new StoreCompare(key, expected)] : [], [op]);
    }

    /// <summary>The one write path: compares, lease checks, then every op at one revision, in one SQLite transaction.</summary>
    private (StoreTxnResult Result, int Changed) Apply(StoreTxn txn)
    {
        using var transaction = _connection.BeginTransaction();
        var current = new Dictionary<string, StoreEntry>(StringComparer.Ordinal);
        var holds = true;
        foreach (var compare in txn.Compares)
        {
            var entry = ReadEntry(compare.Key);
            if (entry is not null) current[compare.Key] = entry;
            holds &= (entry?.ModRevision ?? 0) == compare.ModRevision;
        }
        var revision = Meta("revision");
        if (!holds) return (new StoreTxnResult(false, revision, current), 0);

        var now = NowMs();
        foreach (var op in txn.Success)
        {
            if (op is StoreOp.Put { Lease: not 0 } put && !LeaseHeld(put.Lease, now)) throw new StoreLeaseNotFoundException(put.Lease);
        }
        var changed = 0;
        revision++;
        foreach (var op in txn.Success)
        {
            changed += op switch
            {
                StoreOp.Put put => Upsert(put, revision, changed),
                StoreOp.Delete delete => DeleteRow(delete.Key, revision, changed),
                _ => throw new ArgumentOutOfRangeException(nameof(txn), op, "store: unknown op"),
            };
        }
        // A transaction that changed nothing (deletes of absent keys) moves no revision, as in etcd.
        if (changed == 0) return (new StoreTxnResult(true, revision - 1, new Dictionary<string, StoreEntry>()), 0);
        CommitRevision(transaction, revision);
        return (new StoreTxnResult(true, revision, new Dictionary<string, StoreEntry>()), changed);
    }

    private int Upsert(StoreOp.Put put, long revision, int seq)
    {
        var value = put.Value.ToArray();
        using var upsert = Command(
            "INSERT INTO kv (key, value, create_rev, mod_rev, version, lease) VALUES ($key, $value, $rev, $rev, 1, $lease) " +
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value, mod_rev = excluded.mod_rev, version = kv.version + 1, lease = excluded.lease",
            ("$key", put.Key), ("$value", value), ("$rev", revision), ("$lease", put.Lease));
        upsert.ExecuteNonQuery();
        Log(revision, seq, StoreEventKind.Put, put.Key, value);
        return 1;
    }

    private int DeleteRow(string key, long revision, int seq)
    {
        using var delete = Command("DELETE FROM kv WHERE key = $key", ("$key", key));
        if (delete.ExecuteNonQuery() == 0) return 0;
        Log(revision, seq, StoreEventKind.Delete, key, null);
        return 1;
    }

    /// <summary>Sets the store's revision to <paramref name="revision"/>, compacts when due, commits and wakes the watches.</summary>
    private void CommitRevision(SqliteTransaction transaction, long revision)
    {
        SetRevision(revision);
        transaction.Commit();
        Interlocked.Exchange(ref _changed, NewSignal()).TrySetResult();
    }

    private void SetRevision(long revision)
    {
        var previous = Meta("revision");
        SetMeta("revision", revision);
        // Compact in steps of a tenth of the history, so most writes delete nothing.
        var step = Math.Max(1, _historyKept / 10);
        if (revision > _historyKept && revision / step != previous / step) Compact(revision - _historyKept);
    }

    private void Compact(long throughRevision)
    {
        using var delete = Command("DELETE FROM log WHERE rev <= $rev", ("$rev", throughRevision));
        delete.ExecuteNonQuery();
        SetMeta("compacted", throughRevision);
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        await _sweeper.DisposeAsync().ConfigureAwait(false);
        await _gate.WaitAsync().ConfigureAwait(false);
        await _connection.DisposeAsync().ConfigureAwait(false);
        _gate.Dispose();
    }
}
