using System.Globalization;

namespace Flotilla.Daemon.Balancers.Frontends;

/// <summary>
/// The sockets bound in the daemon's network namespace (the host's) and the process holding each: the kernel's
/// tables give a socket's inode, and a process's <c>/proc/PID/fd</c> links name the inodes it holds
/// (<c>socket:[12345]</c>), as <c>ss -p</c> finds them.
/// </summary>
internal static class HostSockets
{
    private static readonly (string File, string Protocol)[] Tables =
        [("/proc/net/tcp", "tcp"), ("/proc/net/tcp6", "tcp"), ("/proc/net/udp", "udp"), ("/proc/net/udp6", "udp")];

    public static IReadOnlyList<HostSocket> List() =>
        [.. Tables.Where(t => File.Exists(t.File)).SelectMany(t => ProcNetTable.Parse(File.ReadAllText(t.File), t.Protocol))];

    /// <summary>The pid and command name holding each of <paramref name="inodes"/> that some process holds.</summary>
    public static IReadOnlyDictionary<long, (int Pid, string Command)> Holders(IReadOnlySet<long> inodes)
    {
        var found = new Dictionary<long, (int, string)>();
        if (inodes.Count == 0) return found;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) continue;
            try
            {
                foreach (var fd in Directory.EnumerateFileSystemEntries(Path.Combine(dir, "fd")))
                {
                    if (new FileInfo(fd).LinkTarget is not { } target || !target.StartsWith("socket:[", StringComparison.Ordinal)) continue;
                    if (!long.TryParse(target.AsSpan(8, target.Length - 9), NumberStyles.None, CultureInfo.InvariantCulture, out var inode) || !inodes.Contains(inode)) continue;
                    found.TryAdd(inode, (pid, Command(dir)));
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The process exited while we looked, or is not ours to read: its sockets stay unnamed.
            }
        }
        return found;
    }

    private static string Command(string dir)
    {
        try
        {
            return File.ReadAllText(Path.Combine(dir, "comm")).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "?";
        }
    }
}
