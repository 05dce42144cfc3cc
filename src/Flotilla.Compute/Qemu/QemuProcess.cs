using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Flotilla.Compute.Qemu;

/// <summary>
/// Watches one QEMU process until it exits. Two ways, one result:
/// <list type="bullet">
/// <item>We started it: it is our child (sh and setsid exec into it), so <see cref="Process"/> waits for it. .NET's
/// SIGCHLD handler reaps every child it started, even after the <see cref="Process"/> is disposed, so an exited QEMU
/// leaves no zombie while the daemon lives; the exit code is known.</item>
/// <item>A restarted daemon attaches: QEMU is no child of ours (its parent died, it was reparented), so a pidfd
/// (<c>pidfd_open</c>) polled on a thread says when it exits. The exit code is not ours to read; reaping is its new
/// parent's job (PID 1, or the nearest subreaper).</item>
/// </list>
/// </summary>
internal sealed class QemuProcess : IDisposable
{
    private readonly Process? _child;
    private readonly TaskCompletionSource<int?> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _fdGate = new();
    private int _pidfd = -1;
    private int _wakeFd = -1;
    private int _disposed;

    private QemuProcess(int pid, Process? child)
    {
        Pid = pid;
        _child = child;
    }

    public int Pid { get; }

    /// <summary>We started it and are its parent.</summary>
    public bool IsChild => _child is not null;

    /// <summary>Completes when the process has exited: its exit code (128 + signal when killed) when it was our child, else null.
    /// Cancelled when we stop watching first (<see cref="Dispose"/>).</summary>
    public Task<int?> Exited => _exited.Task;

    public static QemuProcess FromChild(Process child)
    {
        var process = new QemuProcess(child.Id, child);
        _ = process.WaitForChildAsync();
        return process;
    }

    /// <summary>Watches a process we did not start; null when it is already gone.</summary>
    public static QemuProcess? Attach(int pid)
    {
        var pidfd = Libc.pidfd_open(pid, 0);
        if (pidfd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            return errno == Libc.ESRCH ? null : throw new IOException($"pidfd_open({pid}) failed: errno {errno}");
        }
        var wake = Libc.eventfd(0, Libc.EFD_CLOEXEC);
        if (wake < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            Libc.close(pidfd);
            throw new IOException($"eventfd failed: errno {errno}");
        }
        var process = new QemuProcess(pid, child: null) { _pidfd = pidfd, _wakeFd = wake };
        new Thread(process.PollPidfd) { IsBackground = true, Name = $"qemu-{pid}-exit" }.Start();
        return process;
    }

    private async Task WaitForChildAsync()
    {
        try
        {
            await _child!.WaitForExitAsync(_stop.Token).ConfigureAwait(false);
            _exited.TrySetResult(_child.ExitCode);
        }
        catch (OperationCanceledException)
        {
            _exited.TrySetCanceled();
        }
    }

    private unsafe void PollPidfd()
    {
        var fds = stackalloc Libc.PollFd[2];
        fds[0] = new Libc.PollFd { Fd = _pidfd, Events = Libc.POLLIN };
        fds[1] = new Libc.PollFd { Fd = _wakeFd, Events = Libc.POLLIN };
        var exited = false;
        while (true)
        {
            var n = Libc.poll(fds, 2, -1);
            if (n < 0 && Marshal.GetLastPInvokeError() == Libc.EINTR) continue;
            exited = n > 0 && fds[0].Revents != 0;
            break;
        }
        lock (_fdGate)
        {
            Libc.close(_pidfd);
            Libc.close(_wakeFd);
            _pidfd = _wakeFd = -1;
        }
        if (exited) _exited.TrySetResult(null);
        else _exited.TrySetCanceled();
    }

    /// <summary>SIGKILL, unless it has exited already (a pidfd or an unreaped child cannot hit a recycled pid).</summary>
    public unsafe void Kill()
    {
        if (_child is not null)
        {
            try
            {
                _child.Kill();
            }
            catch (InvalidOperationException)
            {
                // Exited meanwhile.
            }
            return;
        }
        lock (_fdGate)
        {
            if (_pidfd >= 0) Libc.pidfd_send_signal(_pidfd, Libc.SIGKILL, null, 0);
        }
    }

    /// <summary>Stops watching; never touches the process.</summary>
    public unsafe void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _stop.Cancel();
        lock (_fdGate)
        {
            if (_wakeFd >= 0)
            {
                long one = 1;
                Libc.write(_wakeFd, &one, sizeof(long));
            }
        }
        _child?.Dispose();
        _stop.Dispose();
    }
}
