using System.Diagnostics;

namespace Flotilla.Testing.Netns;

/// <summary>Runs a short shell command for a test's own setup (<c>ip</c>, <c>nft</c>), failing loudly with its output.</summary>
public static class Sh
{
    public static string Run(string command, bool check = true)
    {
        using var process = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", command])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(30_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"`{command}` did not finish in 30 s");
        }
        if (check && process.ExitCode != 0)
        {
            throw new InvalidOperationException($"`{command}` exited {process.ExitCode}: {stderr.Result.Trim()} {stdout.Result.Trim()}");
        }
        return stdout.Result;
    }

    public static bool IsRoot => Environment.UserName == "root" || Libc.GetEuid() == 0;

    private static class Libc
    {
        [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "geteuid")]
        public static extern uint GetEuid();
    }
}
