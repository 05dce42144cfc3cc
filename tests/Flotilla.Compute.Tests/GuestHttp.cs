using System.Diagnostics;
using Flotilla.Testing;

namespace Flotilla.Compute.Tests;

/// <summary>
/// Waits for a guest's first answer through its forward, as run-smoke does: a new request every 100 ms, each allowed
/// 3 s, because one sent before the guest is up hangs in slirp's SYN retries and must not hold up the next.
/// </summary>
internal static class GuestHttp
{
    public static async Task<(string Body, TimeSpan At)> FirstAnswerAsync(int port, Stopwatch clock, TimeSpan timeout)
    {
        var attempts = new List<Task>();
        string? body = null;
        TimeSpan at = default;
        TimeSpan? lastStart = null;
        using var stop = new CancellationTokenSource();
        async Task TryAsync()
        {
            using var attempt = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
            attempt.CancelAfter(TimeSpan.FromSeconds(3));
            try
            {
                var answer = await Http.GetFreshAsync(port, attempt.Token);
                lock (attempts)
                {
                    if (body is null)
                    {
                        body = answer;
                        at = clock.Elapsed;
                    }
                }
            }
            catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or OperationCanceledException)
            {
                // Not serving yet.
            }
        }
        try
        {
            await Wait.UntilAsync(() =>
            {
                lock (attempts)
                {
                    if (body is not null) return true;
                    if (lastStart is null || clock.Elapsed - lastStart >= TimeSpan.FromMilliseconds(100))
                    {
                        lastStart = clock.Elapsed;
                        attempts.Add(TryAsync());
                    }
                    return false;
                }
            }, timeout, $"an HTTP answer on 127.0.0.1:{port}");
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(attempts);
        }
        return (body!, at);
    }
}
