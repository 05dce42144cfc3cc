using System.Diagnostics;

namespace Flotilla.Compute.Qemu;

/// <summary>
/// Starts QEMU so that it outlives us: <c>/bin/sh -c 'exec setsid "$0" "$@" &lt;/dev/null &gt;&gt;"$QEMU_LOG" 2&gt;&amp;1' QEMU ARGS…</c>.
/// The arguments are positional parameters, never parsed by a shell. sh execs into setsid, which (our child being no
/// process group leader) calls setsid(2) without forking and execs into QEMU: the process we started IS QEMU, the
/// leader of a new session with no terminal, so Ctrl-C in our terminal, a SIGHUP, or our exit never reaches it. Its
/// stdio goes to files, never pipes, so it cannot block on a reader that died with us. Its working directory is
/// <c>/</c>, so it pins none of ours.
/// </summary>
internal static class QemuLauncher
{
    private const string Script = "exec setsid \"$0\" \"$@\" </dev/null >>\"$QEMU_LOG\" 2>&1";

    public static Process Start(string binary, IReadOnlyList<string> arguments, string logFile)
    {
        var info = new ProcessStartInfo("/bin/sh")
        {
            UseShellExecute = false,
            WorkingDirectory = "/",
        };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(Script);
        info.ArgumentList.Add(binary);
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        info.Environment["QEMU_LOG"] = logFile;
        return Process.Start(info) ?? throw new InvalidOperationException("/bin/sh did not start");
    }
}
