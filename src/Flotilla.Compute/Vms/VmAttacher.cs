using System.Globalization;
using Flotilla.Compute.Qemu;
using Flotilla.Compute.Qemu.Qmp;
using Microsoft.Extensions.Logging;

namespace Flotilla.Compute.Vms;

/// <summary>
/// Finds a VM's QEMU after a daemon restart: the pid in <c>qemu.pid</c> must be a live process (not a zombie) whose
/// command line is a <c>qemu-system-*</c> with <c>-pidfile</c> naming this VM's pid file: a recycled pid fails that.
/// Its QMP socket is read from the same command line. Stale pid and socket files are removed.
/// </summary>
internal sealed class VmAttacher(TimeProvider time, ILogger logger)
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The live QEMU of <paramref name="paths"/>' VM, or null when none runs.</summary>
    public static int? LivePid(VmPaths paths)
    {
        if (!int.TryParse(ReadPidFile(paths), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) return null;
        return ProcessTable.IsAlive(pid) && IsQemuOf(ProcessTable.CommandLine(pid), paths) ? pid : null;
    }

    /// <exception cref="QmpException">QEMU runs but its QMP does not answer (another client holds it?).</exception>
    public async Task<RunningVm?> TryAttachAsync(VmPaths paths, CancellationToken cancellationToken)
    {
        if (LivePid(paths) is not { } pid || QemuProcess.Attach(pid) is not { } process)
        {
            RemoveStale(paths);
            return null;
        }
        try
        {
            var socket = QmpSocketOf(ProcessTable.CommandLine(pid)) ?? paths.QmpSocket;
            var tracker = new VmExitTracker();
            var qmp = await QmpClient.ConnectAsync(socket, ConnectTimeout, tracker.Observe, cancellationToken).ConfigureAwait(false);
            var startedAt = ProcessTable.StartTime(pid) ?? time.GetUtcNow();
            VmRuntime.Log.Attached(logger, paths.Name, pid, startedAt);
            return new RunningVm(paths, process, qmp, tracker, startedAt, time, logger);
        }
        catch
        {
            process.Dispose();
            if (!ProcessTable.IsAlive(pid))
            {
                RemoveStale(paths);
                return null;
            }
            throw;
        }
    }

    internal static bool IsQemuOf(IReadOnlyList<string>? commandLine, VmPaths paths)
    {
        if (commandLine is null || commandLine.Count == 0 || !Path.GetFileName(commandLine[0]).StartsWith("qemu-system-", StringComparison.Ordinal)) return false;
        for (var i = 1; i + 1 < commandLine.Count; i++)
        {
            if (commandLine[i] == "-pidfile" && commandLine[i + 1] == paths.PidFile) return true;
        }
        return false;
    }

    /// <summary><c>-qmp unix:PATH,server=on,wait=off</c> → PATH.</summary>
    internal static string? QmpSocketOf(IReadOnlyList<string>? commandLine)
    {
        if (commandLine is null) return null;
        for (var i = 0; i + 1 < commandLine.Count; i++)
        {
            if (commandLine[i] == "-qmp" && commandLine[i + 1].StartsWith("unix:", StringComparison.Ordinal))
            {
                return commandLine[i + 1]["unix:".Length..].Split(',')[0];
            }
        }
        return null;
    }

    private static string? ReadPidFile(VmPaths paths)
    {
        try
        {
            return File.ReadAllText(paths.PidFile).Trim();
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    private void RemoveStale(VmPaths paths)
    {
        var stale = new[] { paths.PidFile, paths.QmpSocket }.Where(File.Exists).ToList();
        foreach (var file in stale) File.Delete(file);
        if (stale.Count > 0) VmRuntime.Log.StaleRemoved(logger, paths.Name, string.Join(", ", stale));
    }
}
