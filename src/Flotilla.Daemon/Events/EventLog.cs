using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading.Channels;
using Flotilla.Daemon.Api;
using Flotilla.Store;
using Flotilla.Store.Informers;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Flotilla.Daemon.Events;

/// <summary>
/// The host's event stream, kept in the store under <c>events/ID</c> (the id zero-padded, so key order is id order)
/// with the last <see cref="Capacity"/> kept. <see cref="Publish"/> never blocks nor fails its caller: events queue
/// in memory and one writer stores them in order, which is what makes ids and store revisions rise together, so a
/// watch from the store (which may come from another process sharing it) sees them in id order.
/// </summary>
public sealed partial class EventLog(IStore store, TimeProvider time, ILogger<EventLog> logger) : BackgroundService
{
    public const string Prefix = "events/";
    public const int Capacity = 1000;

    private readonly Channel<(DateTimeOffset Time, string Type, string Object, string Message)> _pending =
        Channel.CreateUnbounded<(DateTimeOffset, string, string, string)>(new UnboundedChannelOptions { SingleReader = true });

    public void Publish(string type, string @object, string message) => _pending.Writer.TryWrite((time.GetUtcNow(), type, @object, message));

    /// <summary>The events kept with an id above <paramref name="since"/>, oldest first.</summary>
    public async Task<IReadOnlyList<HostEvent>> ListAsync(long since, CancellationToken ct) =>
        (await store.ListAsync(Prefix, ct).ConfigureAwait(false)).Entries.Select(Read).Where(e => e.Id > since).ToList();

    /// <summary>
    /// The events kept above <paramref name="since"/>, then each new one as it is stored, until cancelled. It follows
    /// the store with a <see cref="StoreInformer{T}"/>: a watch that falls behind compaction or breaks lists again
    /// and goes on from the newest event told, instead of ending the caller's stream.
    /// </summary>
    public async IAsyncEnumerable<HostEvent> WatchAsync(long since, [EnumeratorCancellation] CancellationToken ct)
    {
        var told = Channel.CreateUnbounded<HostEvent>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var informer = new StoreInformer<HostEvent>(store, Prefix, Read, (change, _) =>
        {
            // Events are written once; a delete is the oldest trimmed.
            if (change is InformerEvent<HostEvent>.Added added) told.Writer.TryWrite(added.Value);
            return ValueTask.CompletedTask;
        }, time, logger);
        var following = informer.RunAsync(stop.Token)
            .ContinueWith(t => told.Writer.TryComplete(t.IsFaulted ? t.Exception.InnerException : null), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        try
        {
            var last = since;
            await foreach (var e in told.Reader.ReadAllAsync(ct).ConfigureAwait(false))
            {
                if (e.Id <= last) continue;
                last = e.Id;
                yield return e;
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await following.ConfigureAwait(false);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Not stoppingToken: events published while the daemon stops are still written (StopAsync bounds the wait).
        var kept = new Queue<string>((await store.ListAsync(Prefix, CancellationToken.None).ConfigureAwait(false)).Entries.Select(e => e.Key));
        var last = kept.Count == 0 ? 0 : IdOf(kept.Last());
        await foreach (var (at, type, obj, message) in _pending.Reader.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
        {
            try
            {
                while (true)
                {
                    var id = last + 1;
                    var key = KeyOf(id);
                    try
                    {
                        await store.PutAsync(key, JsonSerializer.SerializeToUtf8Bytes(new HostEvent(id, at, type, obj, message), ApiJson.Options), ifModRevision: 0, CancellationToken.None).ConfigureAwait(false);
                        last = id;
                        kept.Enqueue(key);
                        break;
                    }
                    catch (StoreConflictException)
                    {
                        // Another daemon on this store took the id: continue after the newest.
                        var listed = await store.ListAsync(Prefix, CancellationToken.None).ConfigureAwait(false);
                        last = Math.Max(id, listed.Entries.Count == 0 ? 0 : IdOf(listed.Entries[^1].Key));
                    }
                }
                while (kept.Count > Capacity) await store.DeleteAsync(kept.Dequeue(), null, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogNotStored(logger, e, type, obj);
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _pending.Writer.TryComplete();
        if (ExecuteTask is { } writing) await writing.WaitAsync(TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(false);
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    private static string KeyOf(long id) => Prefix + id.ToString("D16", CultureInfo.InvariantCulture);

    private static long IdOf(string key) => long.Parse(key.AsSpan(Prefix.Length), CultureInfo.InvariantCulture);

    private static HostEvent Read(StoreEntry entry) => Read(entry.Value);

    private static HostEvent Read(byte[] value) => JsonSerializer.Deserialize<HostEvent>(value, ApiJson.Options)!;

    [LoggerMessage(EventId = 7001, Level = LogLevel.Warning, Message = "Event {Type} of {Object} could not be stored")]
    private static partial void LogNotStored(ILogger logger, Exception e, string type, string @object);
}
