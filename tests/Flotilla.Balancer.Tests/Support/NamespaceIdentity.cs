using System.Globalization;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Flotilla.Testing.Netns;

namespace Flotilla.Balancer.Tests.Support;

/// <summary>
/// Which network namespace a socket or thread is in, asked of the kernel: <c>ioctl(SIOCGSKNS)</c>
/// gives a socket's namespace as a descriptor, whose nsfs inode is compared with the process's
/// (<c>/proc/self/ns/net</c>, the main thread's). Nothing is guessed from routes.
/// </summary>
public static partial class NamespaceIdentity
{
    private const nuint SIOCGSKNS = 0x894C;

    /// <summary>The namespace of the process's main thread: where every host socket must be.</summary>
    public static ulong Host => Inode("/proc/self/ns/net");

    /// <summary>The namespace of a file such as /run/netns/NAME.</summary>
    public static ulong Inode(string path) => ulong.Parse(Sh.Run($"stat -L -c %i {path}").Trim(), CultureInfo.InvariantCulture);

    public static ulong Of(Socket socket)
    {
        var fd = Ioctl((int)socket.SafeHandle.DangerousGetHandle(), SIOCGSKNS);
        if (fd < 0)
        {
            throw new InvalidOperationException($"ioctl(SIOCGSKNS): {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        }

        try
        {
            return Parse(new FileInfo($"/proc/self/fd/{fd}").LinkTarget!);
        }
        finally
        {
            Close(fd);
        }
    }

    /// <summary>Every thread of this process whose network namespace is not the host's: (tid, name, inode).</summary>
    public static IReadOnlyList<(int Tid, string Name, ulong Inode)> ThreadsOutsideHost()
    {
        var host = Host;
        var outside = new List<(int, string, ulong)>();
        foreach (var task in Directory.GetDirectories("/proc/self/task"))
        {
            try
            {
                // A thread that exits while we look has no link left: like the IOException below, it is gone.
                if (new FileInfo(Path.Combine(task, "ns", "net")).LinkTarget is not { } link) continue;
                var inode = Parse(link);
                if (inode != host)
                {
                    outside.Add((int.Parse(Path.GetFileName(task), CultureInfo.InvariantCulture), File.ReadAllText(Path.Combine(task, "comm")).Trim(), inode));
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The thread exited while we looked.
            }
        }

        return outside;
    }

    private static ulong Parse(string link) =>
        link.StartsWith("net:[", StringComparison.Ordinal)
            ? ulong.Parse(link.AsSpan(5, link.Length - 6), CultureInfo.InvariantCulture)
            : throw new InvalidOperationException($"not a network namespace: {link}");

    [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    private static partial int Ioctl(int fd, nuint request);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);
}
