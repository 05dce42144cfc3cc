using Flotilla.Compute.Qemu;
using Flotilla.Compute.Qemu.Qmp;
using Flotilla.Compute.Qemu.Qmp.Commands;
using Flotilla.Compute.Vms;
using Microsoft.Extensions.Logging;

namespace Flotilla.Compute;

/// <summary>
/// A live QEMU of this host, started or re-attached by <see cref="VmRuntime"/>: its QMP connection and a watch on
/// its process. <see cref="Exited"/> completes once the process is gone. Disposing the handle stops watching and
/// closes QMP; it never stops the VM (a daemon that exits leaves its VMs running).
/// </summary>
public sealed class RunningVm : IAsyncDisposable
{
    internal static readonly TimeSpan PowerdownRepeat = TimeSpan.FromSeconds(2);
    internal static readonly TimeSpan QuitGrace = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan EventDrain = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan BalloonSettle = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan BalloonPoll = TimeSpan.FromMilliseconds(100);

    private readonly QemuProcess _process;
    private readonly VmExitTracker _tracker;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private int _disposed;

    internal RunningVm(VmPaths paths, QemuProcess process, QmpClient qmp, VmExitTracker tracker, DateTimeOffset startedAt, TimeProvider time, ILogger logger)
    {
        Paths = paths;
        _process = process;
        _tracker = tracker;
        _time = time;
        _logger = logger;
        Qmp = qmp;
        StartedAt = startedAt;
        Exited = WatchAsync();
    }

    public string Name => Paths.Name;
    public int Pid => _process.Pid;
    public DateTimeOffset StartedAt { get; }
    /// <summary>The VM's only QMP connection (QEMU serves one client at a time). Its <see cref="QmpClient.Events"/> are yours to read.</summary>
    public QmpClient Qmp { get; }
    /// <summary>Completes when QEMU is gone; cancelled if this handle is disposed first.</summary>
    public Task<VmExit> Exited { get; }

    /// <summary>We started this QEMU (it is our child) rather than attached to it after a restart.</summary>
    internal bool IsChild => _process.IsChild;
    internal VmPaths Paths { get; }

    private async Task<VmExit> WatchAsync()
    {
        var exitCode = await _process.Exited.ConfigureAwait(false);
        // QEMU writes SHUTDOWN before it exits: reading up to the socket's EOF makes sure the tracker saw it.
        await Task.WhenAny(Qmp.Disconnected, Task.Delay(EventDrain, _time)).ConfigureAwait(false);
        RemoveLeftovers();
        var exit = _tracker.Classify(exitCode);
        VmRuntime.Log.VmExited(_logger, Name, Pid, exit.Requested, exit.Reason);
        return exit;
    }

    /// <summary>QEMU removes its pid file and socket when it exits cleanly; after SIGKILL we do.</summary>
    private void RemoveLeftovers()
    {
        try
        {
            if (File.Exists(Paths.PidFile) && File.ReadAllText(Paths.PidFile).Trim() == Pid.ToString(System.Globalization.CultureInfo.InvariantCulture))
            {
                File.Delete(Paths.PidFile);
            }
            File.Delete(Paths.QmpSocket);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            VmRuntime.Log.CleanupFailed(_logger, Name, e.Message);
        }
    }

    /// <summary>Presses the power button every <see cref="PowerdownRepeat"/> (a press before the guest's init is ready is
    /// lost), sends <c>quit</c> after <paramref name="grace"/>, and SIGKILL if that does not end it either.</summary>
    internal async Task ShutdownAsync(TimeSpan grace, CancellationToken cancellationToken)
    {
        IQmpCommand<QmpEmpty> powerdown = new SystemPowerdown();
        _tracker.Request(powerdown.Execute);
        var started = _time.GetTimestamp();
        while (!Exited.IsCompleted)
        {
            var left = grace - _time.GetElapsedTime(started);
            if (left <= TimeSpan.Zero) break;
            await SendQuietlyAsync(powerdown, cancellationToken).ConfigureAwait(false);
            if (await ExitsWithinAsync(left < PowerdownRepeat ? left : PowerdownRepeat, cancellationToken).ConfigureAwait(false)) break;
        }
        if (!Exited.IsCompleted)
        {
            VmRuntime.Log.PowerdownIgnored(_logger, Name, grace.TotalSeconds);
            await DestroyAsync($"quit after {grace.TotalSeconds:0.#} s of system_powerdown", cancellationToken).ConfigureAwait(false);
        }
        await Exited.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>quit</c>, then SIGKILL if QEMU has not exited within <see cref="QuitGrace"/>.</summary>
    internal async Task DestroyAsync(string why, CancellationToken cancellationToken)
    {
        _tracker.Request(why);
        await SendQuietlyAsync(new Quit(), cancellationToken).ConfigureAwait(false);
        if (!await ExitsWithinAsync(QuitGrace, cancellationToken).ConfigureAwait(false))
        {
            _tracker.Request($"SIGKILL: {why} did not end QEMU within {QuitGrace.TotalSeconds:0} s");
            VmRuntime.Log.Killing(_logger, Name, Pid);
            _process.Kill();
        }
        await Exited.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Asks the balloon for <paramref name="targetMiB"/> and waits (at most 10 s) until the guest got there.</summary>
    /// <returns>The guest's actual memory in MiB; null when the guest has no active balloon driver.</returns>
    internal async Task<int?> SetBalloonAsync(int targetMiB, CancellationToken cancellationToken)
    {
        if (!await RequestBalloonAsync(targetMiB, cancellationToken).ConfigureAwait(false)) return null;
        var started = _time.GetTimestamp();
        while (true)
        {
            var answer = await Qmp.ExecuteAsync(new QueryBalloon(), CommandTimeout, cancellationToken).ConfigureAwait(false);
            var actual = (int)Math.Round(answer.Actual / 1048576.0);
            if (Math.Abs(actual - targetMiB) <= 1 || _time.GetElapsedTime(started) > BalloonSettle) return actual;
            await Task.Delay(BalloonPoll, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Sets the balloon target without waiting for the guest.</summary>
    /// <returns>False when the guest has no active balloon driver.</returns>
    internal async Task<bool> RequestBalloonAsync(int targetMiB, CancellationToken cancellationToken)
    {
        try
        {
            await Qmp.ExecuteAsync(new Balloon((long)targetMiB << 20), CommandTimeout, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (QmpCommandException e) when (e.Class == "DeviceNotActive")
        {
            return false;
        }
    }

    internal Task ExecuteAsync(IQmpCommand<QmpEmpty> command, CancellationToken cancellationToken) =>
        Qmp.ExecuteAsync(command, CommandTimeout, cancellationToken);

    private async Task<bool> ExitsWithinAsync(TimeSpan wait, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var delay = Task.Delay(wait, _time, stop.Token);
        await Task.WhenAny(Exited, delay).ConfigureAwait(false);
        await stop.CancelAsync().ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        return Exited.IsCompleted;
    }

    /// <summary>Sends a power command; a QEMU that is exiting (closed socket) or busy (TCG) is no error here.</summary>
    private async Task SendQuietlyAsync(IQmpCommand<QmpEmpty> command, CancellationToken cancellationToken)
    {
        try
        {
            await ExecuteAsync(command, cancellationToken).ConfigureAwait(false);
            VmRuntime.Log.Sent(_logger, Name, command.Execute);
        }
        catch (Exception e) when (e is QmpDisconnectedException or QmpTimeoutException)
        {
            VmRuntime.Log.CommandLost(_logger, Name, command.Execute, e.Message);
        }
    }

    /// <summary>Stops watching and closes QMP. QEMU keeps running.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _process.Dispose();
        await Qmp.DisposeAsync().ConfigureAwait(false);
        try
        {
            await Exited.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopped watching before QEMU exited: the usual case.
        }
    }
}
