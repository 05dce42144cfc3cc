using System.Runtime.InteropServices;

namespace Flotilla.Compute.Qemu;

/// <summary>
/// The libc calls that watch and signal QEMU processes we may not be the parent of (Linux x86-64).
/// Return values follow libc: -1 and errno (<see cref="Marshal.GetLastPInvokeError"/>) on failure.
/// </summary>
internal static unsafe partial class Libc
{
    public const int EINTR = 4;
    public const int ESRCH = 3;
    public const int SIGKILL = 9;
    public const short POLLIN = 0x001;
    public const int EFD_CLOEXEC = 0x80000;
    private const int ScClkTck = 2;

    [StructLayout(LayoutKind.Sequential)]
    public struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    /// <summary>A file descriptor that becomes readable when the process exits, for any process (Linux 5.3+).</summary>
    [LibraryImport("libc", SetLastError = true)]
    public static partial int pidfd_open(int pid, uint flags);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int pidfd_send_signal(int pidfd, int sig, void* info, uint flags);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int poll(PollFd* fds, ulong nfds, int timeout);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int eventfd(uint initval, int flags);

    [LibraryImport("libc", SetLastError = true)]
    public static partial nint write(int fd, void* buf, nint count);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int close(int fd);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int getsid(int pid);

    public const int SigTerm = 15;

    [LibraryImport("libc", SetLastError = true)]
    public static partial int kill(int pid, int sig);

    [LibraryImport("libc", SetLastError = true)]
    public static partial long sysconf(int name);

    /// <summary>Kernel clock ticks per second, the unit of <c>/proc/PID/stat</c>'s start time.</summary>
    public static long ClockTicksPerSecond { get; } = sysconf(ScClkTck) is > 0 and var hz ? hz : 100;
}
