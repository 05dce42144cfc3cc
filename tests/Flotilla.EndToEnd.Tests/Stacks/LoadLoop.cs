using System.Diagnostics;

namespace Flotilla.EndToEnd.Tests.Stacks;

/// <summary>
/// Fresh-connection GETs to a frontend, one after another, each recorded with when it started: what a user's browser
/// sees while the tests kill, restart and drain behind the balancer. Bounded: it stops by itself after two minutes.
/// </summary>
internal sealed class LoadLoop : IAsyncDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);
    private readonly CancellationTokenSource _stop = new(Limit);
    private readonly List<LoadResult> _results = [];
    private readonly Task _loop;

    private LoadLoop(int port) => _loop = Task.Run(() => RunAsync(port));

    public static LoadLoop Start(int port) => new(port);

    public async Task<IReadOnlyList<LoadResult>> StopAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        return _results;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }

    private async Task RunAsync(int port)
    {
        using var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.Zero }) { Timeout = TimeSpan.FromSeconds(5) };
        while (!_stop.IsCancellationRequested)
        {
            var started = DateTimeOffset.UtcNow;
            var clock = Stopwatch.StartNew();
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{port}/");
                request.Headers.ConnectionClose = true;
                using var response = await http.SendAsync(request);
                var body = await response.Content.ReadAsStringAsync();
                _results.Add(new LoadResult(started, response.IsSuccessStatusCode, body.Trim(), clock.Elapsed));
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
            {
                _results.Add(new LoadResult(started, false, e.Message, clock.Elapsed));
            }
            await Task.Delay(20);
        }
    }
}

internal sealed record LoadResult(DateTimeOffset Started, bool Ok, string Body, TimeSpan Took);
