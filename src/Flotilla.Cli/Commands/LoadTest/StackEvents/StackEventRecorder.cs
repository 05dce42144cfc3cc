using Flotilla.LoadTest.Results;

namespace Flotilla.Cli.Commands.LoadTest.StackEvents;

/// <summary>
/// Follows flotillad's event stream (<c>GET /v1/events?watch=true</c>) while a load test runs and keeps the events
/// that concern the stack, for the result's timeline. It starts after the newest event already kept, so the host's
/// history stays out; a lost stream ends the recording with a warning, never the run: the load test is the point.
/// </summary>
internal sealed class StackEventRecorder : IAsyncDisposable
{
    private readonly StackScope _scope;
    private readonly TextWriter _stderr;
    private readonly List<HostEvent> _events = [];
    private readonly CancellationTokenSource _stop = new();
    private Task _watching = Task.CompletedTask;

    private StackEventRecorder(StackScope scope, TextWriter stderr)
    {
        _scope = scope;
        _stderr = stderr;
    }

    public string Stack => _scope.Stack;

    /// <summary>Reads the stack's scope and starts following the stream from now.</summary>
    /// <exception cref="UserInputException">No such stack on the host.</exception>
    public static async Task<StackEventRecorder> StartAsync(FlotillaApiClient client, StackScope scope, TextWriter stderr, CancellationToken cancellationToken)
    {
        var kept = (await client.ListEventsAsync(0, cancellationToken).ConfigureAwait(false)).Value;
        var recorder = new StackEventRecorder(scope, stderr);
        recorder._watching = recorder.WatchAsync(client, kept.Count == 0 ? 0 : kept.Max(e => e.Id));
        return recorder;
    }

    /// <summary>
    /// Stops following and returns the events kept, oldest first, as offsets from <paramref name="started"/> (the run's
    /// start). <paramref name="settle"/> lets an event that happened before the end, but is still on its way through the
    /// daemon's store, arrive.
    /// </summary>
    public async Task<IReadOnlyList<RunEvent>> StopAsync(DateTimeOffset started, TimeSpan settle)
    {
        if (settle > TimeSpan.Zero) _stop.CancelAfter(settle);
        else await _stop.CancelAsync().ConfigureAwait(false);
        await _watching.ConfigureAwait(false);
        lock (_events)
        {
            return [.. _events.Select(e => new RunEvent(Math.Round((e.Time - started).TotalSeconds, 3), e.Time, e.Type, e.Object, e.Message))];
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _watching.ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task WatchAsync(FlotillaApiClient client, long since)
    {
        // Off the caller's thread at once: the load test starts while the stream is being opened.
        await Task.Yield();
        var cancellationToken = _stop.Token;
        try
        {
            await foreach (var (e, _) in client.WatchEventsAsync(since, cancellationToken).ConfigureAwait(false))
            {
                if (!await _scope.ConcernsAsync(e, cancellationToken).ConfigureAwait(false)) continue;
                lock (_events) _events.Add(e);
            }
        }
        catch (Exception e) when (cancellationToken.IsCancellationRequested && e is OperationCanceledException or ApiProtocolException)
        {
            // Stopped: the run is over (closing the stream mid-read may surface as a lost connection).
        }
        catch (Exception e) when (e is ApiProtocolException or DaemonUnreachableException or ApiProblemException)
        {
            await _stderr.WriteLineAsync($"flotilla loadtest: stopped following stack {_scope.Stack}'s events: {e.Message}").ConfigureAwait(false);
        }
    }
}
