using System.Runtime.InteropServices;

namespace Flotilla.Balancer.Namespaces;

/// <summary>
/// Finds and opens the file that stands for a network namespace: a name as <c>ip netns</c> uses
/// (a bind mount under <c>/run/netns</c>) or an absolute path such as <c>/proc/PID/ns/net</c>.
/// A namespace's identity is its nsfs inode (<c>net:[4026532…]</c>), not its name: a network
/// deleted and made again under the same name is another namespace.
/// </summary>
internal static partial class NamespaceFile
{
    public const string RunDirectory = "/run/netns";

    /// <summary>The path for a configured namespace, or null when the text is neither a name nor an absolute path.</summary>
    public static string? Resolve(string configured) =>
        configured.StartsWith('/') ? configured
        : IsName(configured) ? $"{RunDirectory}/{configured}"
        : null;

    /// <summary>What <c>ip netns add</c> accepts: a single path component.</summary>
    public static bool IsName(string text) =>
        text.Length is > 0 and <= 255 && text is not "." and not ".." && !text.Contains('/', StringComparison.Ordinal) && !text.Contains('\0', StringComparison.Ordinal);

    /// <summary>Opens the namespace file; the caller owns the descriptor.</summary>
    /// <exception cref="NetworkNamespaceException">Missing, unreadable, or not a network namespace.</exception>
    public static (int Fd, ulong Inode) Open(string configured, string path)
    {
        var fd = OpenFile(path, NamespaceSyscalls.O_RDONLY | NamespaceSyscalls.O_CLOEXEC);
        if (fd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new NetworkNamespaceException(errno == 2
                ? (path == configured ? $"network namespace file {path} does not exist" : $"network namespace '{configured}' does not exist (no {path}; see ip netns list)")
                : $"cannot open network namespace {path}: {Marshal.GetPInvokeErrorMessage(errno)}");
        }

        if (Inode(fd) is { } inode)
        {
            return (fd, inode);
        }

        NamespaceSyscalls.Close(fd);
        throw new NetworkNamespaceException($"{path} is not a network namespace (expected a name under {RunDirectory} or a /proc/PID/ns/net file)");
    }

    /// <summary>Checks a configured namespace can be opened; null when it can, else the problem.</summary>
    public static string? Problem(string configured)
    {
        if (Resolve(configured) is not { } path)
        {
            return $"'{configured}' is neither a namespace name (as ip netns lists them) nor an absolute path";
        }

        try
        {
            NamespaceSyscalls.Close(Open(configured, path).Fd);
            return null;
        }
        catch (NetworkNamespaceException e)
        {
            return e.Message;
        }
    }

    /// <summary>The nsfs inode of an open file if it is a network namespace (<c>NS_GET_NSTYPE</c>), else null.</summary>
    public static unsafe ulong? Inode(int fd)
    {
        const nuint NS_GET_NSTYPE = 0xb703;
        const int AT_EMPTY_PATH = 0x1000;
        const uint STATX_INO = 0x100;
        if (Ioctl(fd, NS_GET_NSTYPE) != NamespaceSyscalls.CLONE_NEWNET)
        {
            return null;
        }

        // struct statx is laid out the same on every architecture (unlike struct stat): stx_ino at 32.
        var buffer = stackalloc byte[256];
        return Statx(fd, "", AT_EMPTY_PATH, STATX_INO, buffer) == 0 ? *(ulong*)(buffer + 32) : null;
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int OpenFile(string path, int flags);

    [LibraryImport("libc", EntryPoint = "ioctl")]
    private static partial int Ioctl(int fd, nuint request);

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int Statx(int dirfd, string path, int flags, uint mask, byte* statx);
}
