using Flotilla.Compute.Networking;
using Flotilla.Compute.Qemu;
using Flotilla.Compute.Qemu.Qmp;
using Flotilla.Compute.Qemu.Qmp.Commands;
using Flotilla.Core.Vms;
using Microsoft.Extensions.Logging;

namespace Flotilla.Compute.Vms;

/// <summary>
/// Starts a prepared VM's QEMU (<see cref="QemuLauncher"/>: its own session, stdio to <c>qemu.log</c>) and returns
/// once QMP is up. QEMU exiting first is a <see cref="VmStartException"/> carrying the end of its log (or a
/// <see cref="PortInUseException"/> when slirp could not bind a forward). A VM on Flotilla networks starts paused: its
/// taps are put on their networks' bridges first, then it runs, so its first frame finds the network. Any failure
/// kills what was started.
/// </summary>
internal sealed class VmStarter(ComputeOptions options, HostNetworks networks, TimeProvider time, ILogger logger)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);
    private const int LogTailLines = 8;

    public async Task<RunningVm> StartAsync(PreparedVm prepared, VmSpec spec, string accel, CancellationToken cancellationToken)
    {
        if (accel is not (AccelVerdict.Kvm or AccelVerdict.Tcg)) throw new ArgumentException($"accel must be kvm or tcg, not '{accel}'", nameof(accel));
        var binary = QemuTools.Resolve(options.QemuBinary);
        ForwardPorts.EnsureFree(spec);
        var paths = prepared.Paths;
        var socketDir = Path.GetDirectoryName(paths.QmpSocket)!;
        if (socketDir != paths.Dir && !OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(socketDir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        File.Delete(paths.PidFile);
        File.Delete(paths.QmpSocket);
        if (spec.Nics.Count > 0) HostNetworks.EnsureAvailable();
        var taps = spec.Nics.Select((_, i) => networks.Names.Tap(spec.Name, i)).ToList();
        var arguments = QemuCommandLine.Build(new QemuLaunch
        {
            Spec = spec, Accel = accel, Kernel = prepared.Template.Kernel, Initrd = prepared.Template.Initrd,
            Disk = paths.Disk, Seed = paths.Seed, QmpSocket = paths.QmpSocket, ConsoleLog = paths.ConsoleLog, PidFile = paths.PidFile,
            Taps = taps,
        });
        var logStart = File.Exists(paths.QemuLog) ? new FileInfo(paths.QemuLog).Length : 0;
        VmRuntime.Log.Starting(logger, spec.Name, accel, string.Join(' ', arguments));
        var tracker = new VmExitTracker();
        var startedAt = time.GetUtcNow();
        var started = time.GetTimestamp();
        var process = QemuProcess.FromChild(QemuLauncher.Start(binary, arguments, paths.QemuLog));
        QmpClient? qmp = null;
        try
        {
            qmp = await ConnectAsync(spec.Name, paths, process, tracker, logStart, started, cancellationToken).ConfigureAwait(false);
            if (taps.Count > 0)
            {
                for (var i = 0; i < taps.Count; i++) await networks.AttachTapAsync(taps[i], spec.Nics[i].Network, cancellationToken).ConfigureAwait(false);
                await qmp.ExecuteAsync(new Cont(), cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            VmRuntime.Log.Started(logger, spec.Name, process.Pid, time.GetElapsedTime(started).TotalMilliseconds);
            return new RunningVm(paths, process, qmp, tracker, startedAt, time, logger);
        }
        catch
        {
            if (qmp is not null) await qmp.DisposeAsync().ConfigureAwait(false);
            process.Kill();
            await Task.WhenAny(process.Exited, Task.Delay(RunningVm.QuitGrace, CancellationToken.None)).ConfigureAwait(false);
            process.Dispose();
            File.Delete(paths.PidFile);
            File.Delete(paths.QmpSocket);
            throw;
        }
    }

    private async Task<QmpClient> ConnectAsync(string name, VmPaths paths, QemuProcess process, VmExitTracker tracker, long logStart, long started, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (process.Exited.IsCompleted)
            {
                var tail = LogTail(paths.QemuLog, logStart);
                if (ForwardPorts.FromQemuLog(tail) is { } port) throw new PortInUseException(port, name);
                throw new VmStartException(name, $"QEMU exited at start{ExitCode(process)}", tail);
            }
            var left = options.StartTimeout - time.GetElapsedTime(started);
            if (left <= TimeSpan.Zero)
            {
                throw new VmStartException(name, $"QEMU opened no QMP socket within {options.StartTimeout.TotalSeconds:0} s", LogTail(paths.QemuLog, logStart));
            }
            if (File.Exists(paths.QmpSocket))
            {
                try
                {
                    return await QmpClient.ConnectAsync(paths.QmpSocket, left, tracker.Observe, cancellationToken).ConfigureAwait(false);
                }
                catch (QmpException e) when (!cancellationToken.IsCancellationRequested)
                {
                    // The socket file exists a moment before QEMU listens on it; or QEMU is dying (seen next round).
                    VmRuntime.Log.QmpNotYet(logger, name, e.Message);
                }
            }
            await Task.WhenAny(process.Exited, Task.Delay(PollInterval, time, cancellationToken)).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    private static string ExitCode(QemuProcess process) =>
        process.Exited.IsCompletedSuccessfully && process.Exited.Result is { } code ? $" (exit code {code})" : "";

    /// <summary>The last lines QEMU wrote to its log since <paramref name="from"/> (this start's, not an earlier one's).</summary>
    internal static IReadOnlyList<string> LogTail(string log, long from)
    {
        if (!File.Exists(log)) return [];
        using var stream = new FileStream(log, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        stream.Seek(Math.Min(from, stream.Length), SeekOrigin.Begin);
        using var reader = new StreamReader(stream);
        var lines = reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.TakeLast(LogTailLines).ToList();
    }
}
