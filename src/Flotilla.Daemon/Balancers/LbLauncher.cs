using System.Diagnostics;
using System.Globalization;
using Flotilla.Compute.Qemu;

namespace Flotilla.Daemon.Balancers;

/// <summary>
/// Starts flotilla-lb so that it outlives flotillad, as <c>QemuLauncher</c> starts QEMU:
/// <c>/bin/sh -c 'exec setsid "$0" "$@" &lt;/dev/null &gt;&gt;"$LB_LOG" 2&gt;&amp;1' FLOTILLA_LB --config FILE</c>. Every
/// step execs, so the process we started is flotilla-lb itself (the launcher script execs <c>dotnet</c> too), the
/// leader of its own session: neither Ctrl-C in the daemon's terminal nor the daemon's exit reaches it, and its output
/// goes to a file that no dead reader can block. Found again after a daemon restart by its pid file and command line.
/// </summary>
internal static class LbLauncher
{
    private const string Script = "exec setsid \"$0\" \"$@\" </dev/null >>\"$LB_LOG\" 2>&1";

    /// <summary>The flotilla-lb to run: <c>FLOTILLA_LB</c> (bin/flotillad sets it to bin/flotilla-lb), else the one on PATH.</summary>
    public static string Executable => Environment.GetEnvironmentVariable("FLOTILLA_LB") is { Length: > 0 } path ? path : "flotilla-lb";

    /// <param name="notifySocket">Where it says it is ready (its <c>NOTIFY_SOCKET</c>), or null: then nothing is inherited either.</param>
    public static QemuProcess Start(LbPaths paths, string? notifySocket)
    {
        var info = new ProcessStartInfo("/bin/sh") { UseShellExecute = false, WorkingDirectory = "/" };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(Script);
        info.ArgumentList.Add(Executable);
        info.ArgumentList.Add("--config");
        info.ArgumentList.Add(paths.Config);
        info.Environment["LB_LOG"] = paths.Log;
        // A daemon run by systemd (Type=notify) has its own NOTIFY_SOCKET: flotilla-lb must not tell systemd it is ready.
        info.Environment.Remove("NOTIFY_SOCKET");
        if (notifySocket is not null) info.Environment["NOTIFY_SOCKET"] = notifySocket;
        var process = Process.Start(info) ?? throw new InvalidOperationException("/bin/sh did not start");
        File.WriteAllText(paths.PidFile, process.Id.ToString(CultureInfo.InvariantCulture) + "\n");
        return QemuProcess.FromChild(process);
    }

    /// <summary>The flotilla-lb a previous daemon started on this data dir, if it still runs; stale files go.</summary>
    public static QemuProcess? TryAdopt(LbPaths paths)
    {
        string? text;
        try
        {
            text = File.ReadAllText(paths.PidFile).Trim();
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && ProcessTable.IsAlive(pid) &&
            IsOurs(ProcessTable.CommandLine(pid), paths) && QemuProcess.Attach(pid) is { } process)
        {
            return process;
        }
        File.Delete(paths.PidFile);
        return null;
    }

    /// <summary>
    /// A recycled pid is another program, or a flotilla-lb of another data dir: ours runs <c>flotilla-lb</c> (the
    /// launcher's <c>dotnet …/flotilla-lb.dll</c>, or a published binary) with <c>--config</c> naming our file.
    /// </summary>
    internal static bool IsOurs(IReadOnlyList<string>? commandLine, LbPaths paths)
    {
        if (commandLine is null) return false;
        var isLb = commandLine.Take(3).Any(a => Path.GetFileName(a) is "flotilla-lb" or "flotilla-lb.dll");
        for (var i = 0; isLb && i + 1 < commandLine.Count; i++)
        {
            if (commandLine[i] == "--config" && commandLine[i + 1] == paths.Config) return true;
        }
        return false;
    }
}
