using System.Threading.Channels;
using Flotilla.Compute;
using Flotilla.Core.Vms;
using Flotilla.Daemon.Vms;
using Microsoft.Extensions.Logging;

namespace Flotilla.Daemon.Reconciling;

/// <summary>
/// Closes the gap between one VM's spec and the world, one step at a time, alone: every change to
/// that VM (a verb, its QEMU exiting) signals this worker, which reads the spec and status again
/// and acts. VMs do not wait on each other (a 60 s shutdown holds only its own VM).
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
    private readonly RestartBackoff _backoff = new(TimeProvider.System);

    public VmWorker(string name, VmRepository vms, HostCompute compute, ReconcilerContext context, ILogger logger)
    {
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
        _vm = await _compute.TryAttachAsync(view.Spec, ct).ConfigureAwait(false);
        if (_vm is not null)
        {
            Watch(_vm);
            var paused = await IsPausedAsync(_vm, ct).ConfigureAwait(false);
            await WriteAsync(view.Status with { State = paused ? VmState.Paused : VmState.Running, Pid = _vm.Pid, Host = _context.HostName, Message = null }, ct).ConfigureAwait(false);
            LogAttached(_logger, _name, _vm.Pid);
        }
        else if (view.Status.State is VmState.Running or VmState.Starting or VmState.Paused or VmState.ShuttingDown)
        {
            await OnExitAsync(view, new VmExit(Requested: view.Status.State == VmState.ShuttingDown, "QEMU exited while flotillad was not running"), ct).ConfigureAwait(false);
        }
    }

    /// <summary>One pass; false when the VM no longer exists and the worker should end.</summary>
    private async Task<bool> ReconcileAsync(CancellationToken ct)
    {
        if (await _vms.GetAsync(_name, ct).ConfigureAwait(false) is not { } view) return false;
        var spec = view.Spec;
        if (_vm is { Exited.IsCompleted: true } exited)
        {
            _vm = null;
            await exited.DisposeAsync().ConfigureAwait(false);
            if (!await OnExitAsync(view, await exited.Exited.ConfigureAwait(false), ct).ConfigureAwait(false)) return false;
            view = await _vms.GetAsync(_name, ct).ConfigureAwait(false) ?? view;
            spec = view.Spec;
        }

        if (spec.Power == PowerState.Stopped)
        {
            if (_vm is not null) await StopAsync(view, ct).ConfigureAwait(false);
            // Stopping a VM that crashed or failed (its QEMU is gone, maybe waiting out a restart back-off) is done at once.
            else if (view.Status.State is VmState.Crashed or VmState.Failed) await WriteAsync(view.Status with { State = VmState.Stopped, Pid = null }, ct).ConfigureAwait(false);
            return true;
        }
        if (_vm is null)
        {
            if (view.SpecRevision == _heldRevision) return true;
            // Under "restart", a start after a crash waits its turn. Each pass that finds the wait not over arms its own
            // wake-up: one timer set at the crash could fire a moment early by the wall clock the back-off reads
            // (Task.Delay runs on the monotonic clock), and that early signal would have been the last.
            if (_backoff.Remaining is var wait && wait > TimeSpan.Zero)
            {
                SignalAfter(wait);
                return true;
            }
            if (!await StartAsync(view, ct).ConfigureAwait(false)) return true;
            view = await _vms.GetAsync(_name, ct).ConfigureAwait(false) ?? view;
        }
        var vm = _vm!;
        if (spec.Power == PowerState.Paused && view.Status.State != VmState.Paused)
        {
            await _compute.PauseAsync(vm, ct).ConfigureAwait(false);
            await WriteAsync(view.Status with { State = VmState.Paused }, ct).ConfigureAwait(false);
        }
        else if (spec.Power == PowerState.Running && view.Status.State == VmState.Paused)
        {
            await _compute.ResumeAsync(vm, ct).ConfigureAwait(false);
            await WriteAsync(view.Status with { State = VmState.Running }, ct).ConfigureAwait(false);
        }
        if (spec.RebootGeneration > view.Status.ObservedRebootGeneration)
        {
            await _compute.ResetAsync(vm, ct).ConfigureAwait(false);
            await WriteAsync(view.Status with { ObservedRebootGeneration = spec.RebootGeneration }, ct).ConfigureAwait(false);
        }
        if (spec.BalloonTargetMiB is { } target && view.Status.BalloonActualMiB != target)
        {
            var actual = await _compute.SetBalloonAsync(vm, target, ct).ConfigureAwait(false);
            await WriteAsync(view.Status with { BalloonActualMiB = actual }, ct).ConfigureAwait(false);
        }
        return true;
    }

    private async Task<bool> StartAsync(VmView view, CancellationToken ct)
    {
        await WriteAsync(view.Status with { State = VmState.Starting, Host = _context.HostName, Message = null }, ct).ConfigureAwait(false);
        try
        {
            await _compute.PrepareAsync(view.Spec, ct).ConfigureAwait(false);
            _vm = await _compute.StartAsync(view.Spec, _context.Accel, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            LogStartFailed(_logger, e, _name);
            var message = e.Message;
            if (view.Spec.OnCrash == CrashPolicy.Restart) message += Retry(null);
            else _heldRevision = view.SpecRevision;
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

    private async Task StopAsync(VmView view, CancellationToken ct)
    {
        var vm = _vm!;
        await WriteAsync(view.Status with { State = VmState.ShuttingDown }, ct).ConfigureAwait(false);
        if (view.Spec.ForceStop) await _compute.DestroyAsync(vm, ct).ConfigureAwait(false);
        else await _compute.ShutdownAsync(vm, ct).ConfigureAwait(false);
        await vm.Exited.WaitAsync(ct).ConfigureAwait(false);
        // The exit itself is handled on the next pass (the watch signals it).
    }

    /// <summary>Records how QEMU ended; false when the VM is gone (a transient VM that stopped).</summary>
    private async Task<bool> OnExitAsync(VmView view, VmExit exit, CancellationToken ct)
    {
        var wanted = exit.Requested || view.Spec.Power == PowerState.Stopped;
        if (wanted && view.Spec.Transient)
        {
            await _compute.DeleteAsync(_name, ct).ConfigureAwait(false);
            await _vms.DeleteAsync(_name, ct).ConfigureAwait(false);
            LogTransientGone(_logger, _name);
            return false;
        }
        if (wanted)
        {
            if (view.Spec.Power != PowerState.Stopped)
            {
                // The guest powered itself off: the wish follows what the owner of the guest did.
                await _vms.UpdateSpecAsync(_name, v => v.Spec with { Power = PowerState.Stopped }, ct).ConfigureAwait(false);
            }
            await WriteAsync(view.Status with { State = VmState.Stopped, Pid = null, Message = null }, ct).ConfigureAwait(false);
            return true;
        }
        LogCrashed(_logger, _name, exit.Reason);
        var message = $"QEMU died: {exit.Reason}";
        if (view.Spec.OnCrash == CrashPolicy.Preserve) _heldRevision = view.SpecRevision;
        else message += Retry(view.Status.StartedAt);
        await WriteAsync(view.Status with { State = VmState.Crashed, Pid = null, Message = message }, ct).ConfigureAwait(false);
        return true;
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
        _ = Task.Delay(delay + TimeSpan.FromMilliseconds(20), _stop.Token).ContinueWith(_ => Signal(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

    private void Watch(RunningVm vm) => vm.Exited.ContinueWith(_ => Signal(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

    private static async Task<bool> IsPausedAsync(RunningVm vm, CancellationToken ct)
    {
        var status = await vm.Qmp.ExecuteAsync("query-status", cancellationToken: ct).ConfigureAwait(false);
        return status.TryGetProperty("status", out var s) && s.GetString() == "paused";
    }

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

    [LoggerMessage(EventId = 6006, Level = LogLevel.Error, Message = "the worker of VM {Vm} failed")]
    private static partial void LogWorkerFailed(ILogger logger, Exception e, string vm);
}
