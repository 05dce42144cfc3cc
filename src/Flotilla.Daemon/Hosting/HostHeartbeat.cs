using Flotilla.Store;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Flotilla.Daemon.Hosting;

/// <summary>
/// Keeps <c>hosts/NAME</c> in the store while this daemon runs: written under a lease of <see cref="Ttl"/>, kept alive
/// three times a lease, revoked at a clean stop (the key goes at once) and left to expire after a crash (it goes
/// within the TTL). A lease that ended behind its back (the store's clock, a long pause) is granted again and the
/// record written again, so the key comes back by itself: the next beat converges.
/// </summary>
internal sealed partial class HostHeartbeat(IStore store, HostRecord record, TimeProvider time, ILogger<HostHeartbeat> logger) : BackgroundService
{
    public static readonly TimeSpan Ttl = TimeSpan.FromSeconds(10);

    private long _lease;

    /// <summary>The lease the record is under now; 0 while none is held.</summary>
    public long Lease => Interlocked.Read(ref _lease);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (true)
            {
                await BeatAsync(stoppingToken).ConfigureAwait(false);
                await Task.Delay(Ttl / 3, time, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: StopAsync revokes the lease.
        }
    }

    private async Task BeatAsync(CancellationToken ct)
    {
        try
        {
            if (Lease != 0)
            {
                await store.KeepAliveAsync(Lease, ct).ConfigureAwait(false);
                return;
            }
            var lease = await store.GrantLeaseAsync(Ttl, ct).ConfigureAwait(false);
            await store.PutAsync(record.Key, record.Serialize(), null, lease, ct).ConfigureAwait(false);
            Interlocked.Exchange(ref _lease, lease);
            LogRegistered(logger, record.Name, lease);
        }
        catch (StoreLeaseNotFoundException)
        {
            // Expired or revoked by someone else: the key went with it. Registered again at once.
            LogLeaseLost(logger, record.Name, Lease);
            Interlocked.Exchange(ref _lease, 0);
            await BeatAsync(ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The store failed this once: tried again on the next beat, the lease (if any) still counting down.
            LogBeatFailed(logger, e, record.Name);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        var lease = Interlocked.Exchange(ref _lease, 0);
        if (lease == 0) return;
        try
        {
            await store.RevokeLeaseAsync(lease, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The key then goes when the lease expires.
            LogBeatFailed(logger, e, record.Name);
        }
    }

    [LoggerMessage(EventId = 6201, Level = LogLevel.Information, Message = "host {Host} registered in the store (lease {Lease})")]
    private static partial void LogRegistered(ILogger logger, string host, long lease);

    [LoggerMessage(EventId = 6202, Level = LogLevel.Warning, Message = "host {Host}'s lease {Lease} ended behind its back; registering again")]
    private static partial void LogLeaseLost(ILogger logger, string host, long lease);

    [LoggerMessage(EventId = 6203, Level = LogLevel.Warning, Message = "host {Host}'s heartbeat to the store failed; trying again on the next beat")]
    private static partial void LogBeatFailed(ILogger logger, Exception exception, string host);
}
