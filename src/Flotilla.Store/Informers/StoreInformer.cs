using Microsoft.Extensions.Logging;

namespace Flotilla.Store.Informers;

/// <summary>
/// Follows the keys under a prefix as typed values, as a Kubernetes informer does: lists, then watches from the
/// list's revision + 1, keeps what it has told in memory, and hands each change to the handler as Added, Updated or
/// Deleted. When the watch falls behind compaction or breaks, it lists again and tells only the differences from what
/// it knew (a key gone meanwhile is Deleted), so a handler sees every key's latest value without repeats.
/// </summary>
/// <remarks>
/// The map is updated after the handler returns, so a change whose handler throws is told again after the re-list
/// (at least once). Compaction lists again at once; a broken watch, a failing list or handler, or compaction again
/// before any progress, back off from 200 ms doubling to 10 s (<see cref="InformerBackoff"/>).
/// </remarks>
public sealed class StoreInformer<T>(
    IStore store,
    string prefix,
    Func<byte[], T> decode,
    Func<InformerEvent<T>, CancellationToken, ValueTask> handle,
    TimeProvider time,
    ILogger logger)
{
    private readonly Dictionary<string, (T Value, long ModRevision)> _known = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _synced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _running;

    /// <summary>Completes once the first list's keys have all been told (Kubernetes' HasSynced).</summary>
    public Task Synced => _synced.Task;

    /// <summary>Follows the prefix until <paramref name="cancellationToken"/> is cancelled (then throws <see cref="OperationCanceledException"/>). Runs once.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _running, 1) == 1) throw new InvalidOperationException("store: an informer runs once");
        var failures = 0;
        while (true)
        {
            // Each pause starts before its line is logged, so the timer exists once the line is seen (tests advance fake time on it).
            Task pause;
            try
            {
                var revision = await SyncAsync(cancellationToken).ConfigureAwait(false);
                await foreach (var change in store.WatchAsync(prefix, revision + 1, cancellationToken).ConfigureAwait(false))
                {
                    await ApplyAsync(change, cancellationToken).ConfigureAwait(false);
                    failures = 0;
                }
                var delay = InformerBackoff.Delay(++failures);
                pause = PauseAsync(delay, cancellationToken);
                StoreInformerLog.Ended(logger, prefix, delay);
            }
            catch (StoreCompactedException e)
            {
                // Expected now and then: the history we needed is gone, the state is not. The first time, list at once.
                pause = PauseAsync(InformerBackoff.Delay(failures++), cancellationToken);
                StoreInformerLog.Compacted(logger, prefix, e.Requested, e.OldestKept);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                var delay = InformerBackoff.Delay(++failures);
                pause = PauseAsync(delay, cancellationToken);
                StoreInformerLog.Broken(logger, e, prefix, delay);
            }
            await pause.ConfigureAwait(false);
        }
    }

    private Task PauseAsync(TimeSpan delay, CancellationToken cancellationToken) =>
        delay > TimeSpan.Zero ? Task.Delay(delay, time, cancellationToken) : Task.CompletedTask;

    /// <summary>Lists and tells the differences from what is known; returns the list's revision.</summary>
    private async Task<long> SyncAsync(CancellationToken cancellationToken)
    {
        var listed = await store.ListAsync(prefix, cancellationToken).ConfigureAwait(false);
        var present = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in listed.Entries)
        {
            present.Add(entry.Key);
            if (_known.TryGetValue(entry.Key, out var known) && known.ModRevision == entry.ModRevision) continue;
            await PutAsync(entry.Key, entry.Value, entry.ModRevision, cancellationToken).ConfigureAwait(false);
        }
        foreach (var key in _known.Keys.Where(k => !present.Contains(k)).Order(StringComparer.Ordinal).ToList())
        {
            await DeleteAsync(key, listed.Revision, cancellationToken).ConfigureAwait(false);
        }
        _synced.TrySetResult();
        return listed.Revision;
    }

    private Task ApplyAsync(StoreEvent change, CancellationToken cancellationToken) => change.Kind switch
    {
        StoreEventKind.Put => PutAsync(change.Key, change.Value!, change.Revision, cancellationToken),
        StoreEventKind.Delete => DeleteAsync(change.Key, change.Revision, cancellationToken),
        _ => throw new ArgumentOutOfRangeException(nameof(change), change.Kind, "store: unknown event kind"),
    };

    private async Task PutAsync(string key, byte[] value, long modRevision, CancellationToken cancellationToken)
    {
        var decoded = decode(value);
        var firstList = !_synced.Task.IsCompleted;
        InformerEvent<T> told = _known.TryGetValue(key, out var known)
            ? new InformerEvent<T>.Updated(key, known.Value, decoded, modRevision) { FirstList = firstList }
            : new InformerEvent<T>.Added(key, decoded, modRevision) { FirstList = firstList };
        await handle(told, cancellationToken).ConfigureAwait(false);
        _known[key] = (decoded, modRevision);
    }

    private async Task DeleteAsync(string key, long revision, CancellationToken cancellationToken)
    {
        if (!_known.TryGetValue(key, out var known)) return;
        await handle(new InformerEvent<T>.Deleted(key, known.Value, revision), cancellationToken).ConfigureAwait(false);
        _known.Remove(key);
    }
}
