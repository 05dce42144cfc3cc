using System.ComponentModel;
using System.Diagnostics;

namespace Flotilla.Cli.Commands.Network;

/// <summary>
/// Runs a program inside a network's namespace on this machine (<c>ip netns exec NS …</c>), its stdio the terminal's.
/// A namespace is a kernel object of the daemon's machine: these commands work where flotillad runs, as root.
/// </summary>
internal static class NamespaceProcess
{
    public static Process Start(string @namespace, IReadOnlyList<string> command)
    {
        if (!File.Exists(Path.Combine("/run/netns", @namespace)))
        {
            throw new UserInputException($"namespace {@namespace} is not on this machine: run this where flotillad runs (or it is being rebuilt: try again)");
        }
        if (!Environment.IsPrivilegedProcess) throw new UserInputException("entering a network's namespace needs root: run this as root");
        var start = new ProcessStartInfo("ip") { UseShellExecute = false };
        foreach (var argument in new[] { "netns", "exec", @namespace }.Concat(command)) start.ArgumentList.Add(argument);
        try
        {
            return Process.Start(start) ?? throw new UserInputException("could not start ip(8)");
        }
        catch (Win32Exception e)
        {
            throw new UserInputException($"could not run ip(8) (install iproute2): {e.Message}", e);
        }
    }
}
