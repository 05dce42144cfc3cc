using System.Threading.Channels;
using Flotilla.Compute;
using Flotilla.Core.Vms;
using Flotilla.Daemon.Vms;
using Microsoft.Extensions.Logging;

namespace Flotilla.Daemon.Reconciling;

/// <summary>
/// Closes the gap between one VM's spec and the world, one step at a time, alone: every change to
/// that VM (a verb, its QEMU exiting) signals this worker, which reads the spec and status again
/// and carries out what <see cref="VmPlanner"/> decides. VMs do not wait on each other (a 60 s shutdown holds only its own VM).
/// </summary>
internal sealed partial class VmWorker : IAsyncDisposable
{
    private readonly string _name;
    private readonly VmRepository _vms;
    private readonly HostCompute _compute;
    private readonly ReconcilerContext _context;
    private readonly ILogger _logger;
    private readonly Channel<bool> _signal = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private RunningVm? _vm;
    /// <summary>A spec revision that failed or crashed under "preserve": not retried until a verb writes a new one.</summary>
    private long _heldRevision = -1;
    /// <summary>Under "restart": the wait before the next start after crashes or failed starts in a row.</summary>
    private readonly RestartBackoff _backoff;
    private readonly TimeProvider _time;
    /// <summary>How the last QEMU ended, until a pass has recorded it.</summary>
    private VmExit? _exit;
    /// <summary>The network whose rebuild killed this QEMU's taps (<see cref="TapsLost"/>), until acted on.</summary>
    private string? _tapsLost;

    public VmWorker(string name, VmRepository vms, HostCompute compute, ReconcilerContext context, TimeProvider time, ILogger logger)
    {
        _time = time;
        _backoff = new RestartBackoff(time);
        _name = name;
        _vms = vms;
        _compute = compute;
        _context = context;
        _logger = logger;
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>Ends when the VM is gone (undefined, or a transient VM stopped).</summary>
    public Task Completion => _loop;

    public void Signal() => _signal.Writer.TryWrite(true);

    /// <summary>The network <paramref name="network"/> was rebuilt: the running QEMU's taps on it died with the old namespace.</summary>
    public void TapsLost(string network)
    {
        Volatile.Write(ref _tapsLost, network);
        Signal();
    }

    private async Task LoopAsync()
    {
        var ct = _stop.Token;
        try
        {
            await AttachAsync(ct).ConfigureAwait(false);
            while (await ReconcileAsync(ct).ConfigureAwait(false))
            {
                await _signal.Reader.ReadAsync(ct).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The daemon is stopping: running VMs keep running.
        }
        catch (Exception e)
        {
            LogWorkerFailed(_logger, e, _name);
        }
    }

    /// <summary>After a daemon (re)start: adopt a QEMU that still runs, or notice one that died meanwhile.</summary>
    private async Task AttachAsync(CancellationToken ct)
    {
        if (await _vms.GetAsync(_name, ct).ConfigureAwait(false) is not { } view) return;
        _vm = await _compute.Vms.TryAttachAsync(view.Spec, ct).ConfigureAwait(false);
        if (_vm is not null)
        {
            Watch(_vm);
            var paused = await IsPausedAsync(_vm, ct).ConfigureAwait(false);
            await WriteAsync(view.Status with { State = paused ? VmState.Paused : VmState.Running, Pid = _vm.Pid, Host = _context.HostName, Message = null }, ct).ConfigureAwait(false);
            LogAttached(_logger, _name, _vm.Pid);
        }
        else if (view.Status.State is VmState.Running or VmState.Starting or VmState.Paused or VmState.ShuttingDown)
        {
            _exit = new VmExit(Requested: view.Status.State == VmState.ShuttingDown, "QEMU exited while flotillad was not running");
        }
    }

    /// <summary>
    /// One pass: observe, ask the planner, carry its action out, until it has nothing more to do now; each kind of
    /// action at most once a pass (a balloon that stops short is set again on the next signal, not in a loop).
    /// False when the VM no longer exists and the worker should end.
    /// </summary>
    private async Task<bool> ReconcileAsync(CancellationToken ct)
    {
        var done = new HashSet<Type>();
        while (await _vms.GetAsync(_name, ct).ConfigureAwait(false) is { } view)
        {
            if (_vm is { Exited.IsCompleted: true } exited)
            {
                _vm = null;
                await exited.DisposeAsync().ConfigureAwait(false);
                _exit = await exited.Exited.ConfigureAwait(false);
            }
            var now = _time.GetUtcNow();
            var observed = new VmObserved(_vm is not null, _exit, view.SpecRevision, _heldRevision, _backoff.NotBefore, Volatile.Read(ref _tapsLost));
            var action = VmPlanner.Next(view.Spec, view.Status, observed, now);
            if (!done.Add(action.GetType())) return true;
            switch (action)
            {
                case Forget:
                    await _compute.Vms.DeleteAsync(_name, ct).ConfigureAwait(false);
                    await _vms.DeleteAsync(_name, ct).ConfigureAwait(false);
                    LogTransientGone(_logger, _name);
                    return false;
                case RecordStopped stopped:
                    // The guest powered itself off: the wish follows what the owner of the guest did.
                    if (stopped.GuestPoweredOff) await _vms.UpdateSpecAsync(_name, v => v.Spec with { Power = PowerState.Stopped }, ct).ConfigureAwait(false);
                    await WriteAsync(view.Status with { State = VmState.Stopped, Pid = null, Message = null }, ct).ConfigureAwait(false);
                    _exit = null;
                    break;
                case RecordCrash crash:
                    LogCrashed(_logger, _name, crash.Reason);
                    var message = $"QEMU died: {crash.Reason}";
                    if (crash.Preserve) _heldRevision = view.SpecRevision;
                    else message += Retry(view.Status.StartedAt);
                    await WriteAsync(view.Status with { State = VmState.Crashed, Pid = null, Message = message }, ct).ConfigureAwait(false);
                    _exit = null;
                    break;
                case Stop stop:
                    await StopAsync(view, stop.Force, ct).ConfigureAwait(false);
                    return true;
                case ClearFailure:
                    await WriteAsync(view.Status with { State = VmState.Stopped, Pid = null }, ct).ConfigureAwait(false);
                    return true;
                case WaitUntil wait:
                    // Each pass that finds the wait not over arms its own wake-up: one timer set at the crash could fire a
                    // moment early by the wall clock the back-off reads (Task.Delay runs on the monotonic clock), and that
                    // early signal would have been the last.
                    SignalAfter(wait.Time - now);
                    return true;
                case Start:
                    if (!await StartAsync(view, ct).ConfigureAwait(false)) return true;
                    break;
                case Pause:
                    await _compute.Vms.PauseAsync(_vm!, ct).ConfigureAwait(false);
                    await WriteAsync(view.Status with { State = VmState.Paused }, ct).ConfigureAwait(false);
                    break;
                case Resume:
                    await _compute.Vms.ResumeAsync(_vm!, ct).ConfigureAwait(false);
                    await WriteAsync(view.Status with { State = VmState.Running }, ct).ConfigureAwait(false);
                    break;
                case Reset:
                    await _compute.Vms.ResetAsync(_vm!, ct).ConfigureAwait(false);
                    await WriteAsync(view.Status with { ObservedRebootGeneration = view.Spec.RebootGeneration }, ct).ConfigureAwait(false);
                    break;
                case Reconnect reconnect:
                    LogReconnecting(_logger, _name, reconnect.Network);
                    await EndForRestartAsync(ct).ConfigureAwait(false);
                    break; // the next step starts it again
                case ReportOffNetwork off:
                    LogOffNetwork(_logger, _name, off.Network);
                    Interlocked.CompareExchange(ref _tapsLost, null, off.Network);
                    break;
                case SetBalloon balloon:
                    var actual = await _compute.Vms.SetBalloonAsync(_vm!, balloon.TargetMiB, ct).ConfigureAwait(false);
                    await WriteAsync(view.Status with { BalloonActualMiB = actual }, ct).ConfigureAwait(false);
                    break;
                default: // None, Hold: nothing until the next signal.
                    return true;
            }
        }
        return false;
    }

    private async Task<bool> StartAsync(VmView view, CancellationToken ct)
    {
        // New taps: a loss told before this start is moot, one told from now on is about these.
        Volatile.Write(ref _tapsLost, null);
        await WriteAsync(view.Status with { State = VmState.Starting, Host = _context.HostName, Message = null }, ct).ConfigureAwait(false);
        try
        {
            await _compute.Vms.PrepareAsync(view.Spec, ct).ConfigureAwait(false);
            _vm = await _compute.Vms.StartAsync(view.Spec, _context.Accel, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            LogStartFailed(_logger, e, _name);
            var message = e.Message;
            if (VmPlanner.HoldsAfterFailure(view.Spec)) _heldRevision = view.SpecRevision;
            else message += Retry(null);
            await WriteAsync(view.Status with { State = VmState.Failed, Pid = null, Message = message }, ct).ConfigureAwait(false);
            return false;
        }
        Watch(_vm);
        await WriteAsync(view.Status with
        {
            State = VmState.Running, Pid = _vm.Pid, Accel = _context.Accel, StartedAt = _vm.StartedAt, Message = null,
            ObservedRebootGeneration = view.Spec.RebootGeneration, BalloonActualMiB = null,
        }, ct).ConfigureAwait(false);
        LogStarted(_logger, _name, _vm.Pid, _context.Accel);
        return true;
    }

    private async Task StopAsync(VmView view, bool force, CancellationToken ct)
    {
        var vm = _vm!;
        await WriteAsync(view.Status with { State = VmState.ShuttingDown }, ct).ConfigureAwait(false);
        if (force) await _compute.Vms.DestroyAsync(vm, ct).ConfigureAwait(false);
        else await _compute.Vms.ShutdownAsync(vm, ct).ConfigureAwait(false);
        await vm.Exited.WaitAsync(ct).ConfigureAwait(false);
        // The exit itself is handled on the next pass (the watch signals it).
    }

    /// <summary>Ends the QEMU at once for a restart the reconciler wants: no exit to record, no back-off counted.</summary>
    private async Task EndForRestartAsync(CancellationToken ct)
    {
        var vm = _vm!;
        await _compute.Vms.DestroyAsync(vm, ct).ConfigureAwait(false);
        await vm.Exited.WaitAsync(ct).ConfigureAwait(false);
        _vm = null;
        await vm.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Counts a failure under "restart" and signals this worker when the back-off is over; says so for the status.</summary>
    private string Retry(DateTimeOffset? runningSince)
    {
        var delay = _backoff.Failed(runningSince);
        SignalAfter(delay);
        return $"; restarting in {delay.TotalSeconds:0} s (failure {_backoff.Failures} in a row)";
    }

    /// <summary>Signals this worker once <paramref name="delay"/> (and a few milliseconds of slack) has passed.</summary>
    private void SignalAfter(TimeSpan delay) =>
        _ = Task.Delay(delay + TimeSpan.FromMilliseconds(20), _time, _stop.Token).ContinueWith(_ => Signal(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

    private void Watch(RunningVm vm) => vm.Exited.ContinueWith(_ => Signal(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

    private static async Task<bool> IsPausedAsync(RunningVm vm, CancellationToken ct) =>
        (await vm.Qmp.ExecuteAsync(new Flotilla.Compute.Qemu.Qmp.Commands.QueryStatus(), cancellationToken: ct).ConfigureAwait(false)).Paused;

    private Task WriteAsync(VmStatus status, CancellationToken ct) => _vms.WriteStatusAsync(_name, status, ct);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        if (_vm is not null) await _vm.DisposeAsync().ConfigureAwait(false); // detaches: QEMU keeps running
        _stop.Dispose();
    }

    [LoggerMessage(EventId = 6001, Level = LogLevel.Information, Message = "VM {Vm} started, pid {Pid}, accel {Accel}")]
    private static partial void LogStarted(ILogger logger, string vm, int pid, string accel);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Information, Message = "VM {Vm} re-attached, pid {Pid}")]
    private static partial void LogAttached(ILogger logger, string vm, int pid);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Warning, Message = "VM {Vm} could not start")]
    private static partial void LogStartFailed(ILogger logger, Exception e, string vm);

    [LoggerMessage(EventId = 6004, Level = LogLevel.Warning, Message = "VM {Vm} crashed: {Reason}")]
    private static partial void LogCrashed(ILogger logger, string vm, string reason);

    [LoggerMessage(EventId = 6005, Level = LogLevel.Information, Message = "transient VM {Vm} stopped and is gone")]
    private static partial void LogTransientGone(ILogger logger, string vm);

    [LoggerMessage(EventId = 6106, Level = LogLevel.Warning, Message = "VM {Vm} lost its tap on rebuilt network {Network}: restarting it (onCrash: restart)")]
    private static partial void LogReconnecting(ILogger logger, string vm, string network);

    [LoggerMessage(EventId = 6107, Level = LogLevel.Warning, Message = "VM {Vm} lost its tap on rebuilt network {Network}: it stays off the network until restarted (onCrash: preserve)")]
    private static partial void LogOffNetwork(ILogger logger, string vm, string network);

    [LoggerMessage(EventId = 6006, Level = LogLevel.Error, Message = "the worker of VM {Vm} failed")]
    private static partial void LogWorkerFailed(ILogger logger, Exception e, string vm);
}
