using Microsoft.Data.Sqlite;

namespace Flotilla.Store.Sqlite;

/// <summary>
/// Leases, emulated: a row per lease with its deadline. Ending due leases is a sweep that runs before every
/// operation (so nothing reads a key past its lease) and from a timer armed for the earliest deadline (so watchers
/// hear of an expiry while nobody calls). Each ended lease deletes its keys at one revision of its own.
/// </summary>
public sealed partial class SqliteStore
{
    private const long MaxTimerWaitMs = 24 * 60 * 60 * 1000;

    private readonly ITimer _sweeper;
    private long _earliestDeadlineMs = long.MaxValue;

    public async Task<long> GrantLeaseAsync(TimeSpan ttl, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ttl, TimeSpan.Zero);
        var ttlMs = (long)Math.Ceiling(ttl.TotalMilliseconds);
        return await RunAsync(() =>
        {
            using var transaction = _connection.BeginTransaction();
            // Ids are never reused, so a stale id cannot keep someone else's lease alive.
            var id = Meta("lease") + 1;
            SetMeta("lease", id);
            using var insert = Command("INSERT INTO lease (id, ttl_ms, deadline_ms) VALUES ($id, $ttl, $deadline)",
                ("$id", id), ("$ttl", ttlMs), ("$deadline", NowMs() + ttlMs));
            insert.ExecuteNonQuery();
            transaction.Commit();
            ArmSweeper();
            return id;
        }, cancellationToken).ConfigureAwait(false);
    }

    public Task KeepAliveAsync(long lease, CancellationToken cancellationToken) => RunAsync(() =>
    {
        // The sweep before this ran, so a lease past its deadline is already gone.
        using var update = Command("UPDATE lease SET deadline_ms = $now + ttl_ms WHERE id = $id", ("$id", lease), ("$now", NowMs()));
        if (update.ExecuteNonQuery() == 0) throw new StoreLeaseNotFoundException(lease);
        ArmSweeper();
        return true;
    }, cancellationToken);

    public Task<bool> RevokeLeaseAsync(long lease, CancellationToken cancellationToken) => RunAsync(() =>
    {
        if (!LeaseHeld(lease, NowMs())) return false;
        using var transaction = _connection.BeginTransaction();
        End(transaction, lease);
        ArmSweeper();
        return true;
    }, cancellationToken);

    private bool LeaseHeld(long lease, long nowMs)
    {
        using var select = Command("SELECT 1 FROM lease WHERE id = $id AND deadline_ms > $now", ("$id", lease), ("$now", nowMs));
        return select.ExecuteScalar() is not null;
    }

    /// <summary>Ends the leases whose deadline has come, in one SQLite transaction. Runs under the gate.</summary>
    private void SweepDue()
    {
        var now = NowMs();
        if (now < Volatile.Read(ref _earliestDeadlineMs)) return;
        var due = new List<long>();
        using (var select = Command("SELECT id FROM lease WHERE deadline_ms <= $now ORDER BY id", ("$now", now)))
        using (var reader = select.ExecuteReader())
        {
            while (reader.Read()) due.Add(reader.GetInt64(0));
        }
        using var transaction = _connection.BeginTransaction();
        foreach (var lease in due) End(null, lease);
        if (due.Count > 0) FinishSweep(transaction);
        ArmSweeper();
    }

    /// <summary>
    /// Deletes <paramref name="lease"/>'s keys at one new revision (none when it has no keys) and the lease. With a
    /// transaction, commits it; without, the caller's sweep commits every ended lease together.
    /// </summary>
    private void End(SqliteTransaction? transaction, long lease)
    {
        var keys = new List<string>();
        using (var select = Command("SELECT key FROM kv WHERE lease = $id ORDER BY key", ("$id", lease)))
        using (var reader = select.ExecuteReader())
        {
            while (reader.Read()) keys.Add(reader.GetString(0));
        }
        using (var delete = Command("DELETE FROM lease WHERE id = $id", ("$id", lease))) delete.ExecuteNonQuery();
        if (keys.Count > 0)
        {
            var revision = Meta("revision") + 1;
            for (var seq = 0; seq < keys.Count; seq++) DeleteRow(keys[seq], revision, seq);
            SetRevision(revision);
        }
        if (transaction is not null) FinishSweep(transaction);
    }

    private void FinishSweep(SqliteTransaction transaction)
    {
        transaction.Commit();
        Interlocked.Exchange(ref _changed, NewSignal()).TrySetResult();
    }

    /// <summary>Points the timer at the earliest deadline left.</summary>
    private void ArmSweeper()
    {
        using var select = Command("SELECT min(deadline_ms) FROM lease");
        var earliest = select.ExecuteScalar() is long ms ? ms : long.MaxValue;
        Volatile.Write(ref _earliestDeadlineMs, earliest);
        // At most a day ahead: a timer cannot wait past ~49 days, and a clock stepped meanwhile is caught up daily.
        var due = earliest == long.MaxValue ? Timeout.InfiniteTimeSpan : TimeSpan.FromMilliseconds(Math.Clamp(earliest - NowMs(), 0, MaxTimerWaitMs));
        _sweeper.Change(due, Timeout.InfiniteTimeSpan);
    }

    private void OnSweepDue() => _ = Task.Run(async () =>
    {
        try
        {
            // Running any operation sweeps; arming again covers a timer that fired before the deadline (see MaxTimerWaitMs).
            await RunAsync(() =>
            {
                ArmSweeper();
                return true;
            }, CancellationToken.None).ConfigureAwait(false);
        }
        catch (ObjectDisposedException)
        {
            // Closed meanwhile; the next open sweeps what is due.
        }
        catch (Exception e)
        {
            // The next operation sweeps again and reports the error to its caller.
            LogSweepFailed(_logger, e);
        }
    });

    private long NowMs() => _time.GetUtcNow().ToUnixTimeMilliseconds();
}
