using System.Diagnostics;
using Flotilla.Testing.Netns;

namespace Flotilla.Compute.Tests.Networking.Security;

/// <summary>
/// A program run inside a test namespace (<c>ip netns exec NS …</c>, which execs it, so the child is the program),
/// a child of this test process, killed with its own children on dispose: deleting a namespace kills nothing.
/// </summary>
internal sealed class LabProcess : IDisposable
{
    private readonly Process _process;

    private LabProcess(Process process) => _process = process;

    public StreamWriter Input => _process.StandardInput;
    public StreamReader Output => _process.StandardOutput;

    /// <param name="interactive">Keep stdin and stdout for the test; otherwise both are discarded.</param>
    public static LabProcess Start(TestNamespace ns, bool interactive, params string[] command)
    {
        var info = new ProcessStartInfo("ip")
        {
            RedirectStandardInput = interactive,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in (string[])["netns", "exec", ns.Name, .. command]) info.ArgumentList.Add(arg);
        var process = Process.Start(info)!;
        if (!interactive) process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new LabProcess(process);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5_000);
        }
        _process.Dispose();
    }
}
