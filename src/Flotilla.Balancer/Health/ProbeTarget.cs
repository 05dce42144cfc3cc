using System.Net;
using Microsoft.Extensions.Logging;

namespace Flotilla.Balancer.Health;

/// <summary>
/// Probes one endpoint on the probe's interval and keeps its <see cref="HealthState"/>.
/// The loop catches everything a probe may throw: it must outlive any one bad answer.
/// </summary>
public sealed partial class ProbeTarget : IAsyncDisposable
{
    private readonly IHealthProbe _probe;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly HealthState _state;
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _firstResult = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The endpoint as log lines name it, with its namespace if it has one.</summary>
    private readonly string _where;
    private Task _loop = Task.CompletedTask;

    public ProbeTarget(ProbeTargetKey key, IHealthProbe probe, TimeProvider time, ILogger logger)
    {
        Key = key;
        _probe = probe;
        _time = time;
        _logger = logger;
        _state = new HealthState(key.Probe.UnhealthyThreshold, key.Probe.HealthyThreshold);
        Endpoint = key.Probe.Port is { } port ? new IPEndPoint(key.Endpoint.Address, port) : key.Endpoint;
        _where = key.Namespace is { } network ? $"{Endpoint} in netns {network.Name}" : Endpoint.ToString();
    }

    public ProbeTargetKey Key { get; }

    /// <summary>Where the probe goes: the probe's port if set, else the member's target port.</summary>
    public IPEndPoint Endpoint { get; }

    public HealthStatus Health => _state.Current;

    public TimeSpan? LastLatency { get; private set; }

    public string? LastFailure { get; private set; }

    /// <summary>When a probe last passed (wall clock): a supervisor tells a member that answered since its VM restarted
    /// from one whose health is still the old VM's, not yet contradicted by enough failures.</summary>
    public DateTimeOffset? LastSuccess { get; private set; }

    /// <summary>Raised (on the probe loop) when <see cref="Health"/> changes.</summary>
    public event Action<ProbeTarget>? Changed;

    /// <summary>Completes when the first probe has decided the state.</summary>
    public Task FirstResult => _firstResult.Task;

    public void Start() => _loop = RunAsync(_stop.Token);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var interval = TimeSpan.FromSeconds(Key.Probe.IntervalSeconds);
        using var timer = new PeriodicTimer(interval, _time);
        do
        {
            await ProbeOnceAsync(cancellationToken).ConfigureAwait(false);
        }
        while (await WaitAsync(timer, cancellationToken).ConfigureAwait(false));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken cancellationToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    internal async Task ProbeOnceAsync(CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        ProbeResult result;
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(Key.Probe.TimeoutSeconds), _time))
        using (var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken))
        {
            try
            {
                result = await _probe.ProbeAsync(Endpoint, linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (OperationCanceledException)
            {
                result = ProbeResult.Failed($"timeout after {Key.Probe.TimeoutSeconds}s");
            }
            catch (Exception e) when (LocalShortage.Is(e))
            {
                // Says nothing about the member: keep its state, try again next interval.
                LogInconclusive(_logger, Key.Probe.Name, _where, e.Message);
                return;
            }
            catch (Exception e)
            {
                LogProbeError(_logger, Key.Probe.Name, _where, e);
                result = ProbeResult.Failed(e.GetType().Name);
            }
        }

        LastLatency = result.Success ? _time.GetElapsedTime(started) : null;
        LastFailure = result.Failure;
        if (result.Success) LastSuccess = _time.GetUtcNow();
        if (_state.Record(result.Success))
        {
            LogHealthChanged(_logger, Key.Balancer, Key.Probe.Name, _where, _state.Current, result.Failure ?? "probe succeeded");
            Changed?.Invoke(this);
        }

        _firstResult.TrySetResult();
    }

    [LoggerMessage(EventId = 200, Level = LogLevel.Information, Message = "Probe {Balancer}/{Probe} -> {Endpoint}: {Health} ({Reason})")]
    private static partial void LogHealthChanged(ILogger logger, string balancer, string probe, string endpoint, HealthStatus health, string reason);

    [LoggerMessage(EventId = 202, Level = LogLevel.Warning, Message = "Probe {Probe} -> {Endpoint} could not run here ({Reason}); health unchanged")]
    private static partial void LogInconclusive(ILogger logger, string probe, string endpoint, string reason);

    [LoggerMessage(EventId = 201, Level = LogLevel.Error, Message = "Probe {Probe} -> {Endpoint} threw")]
    private static partial void LogProbeError(ILogger logger, string probe, string endpoint, Exception exception);
}
