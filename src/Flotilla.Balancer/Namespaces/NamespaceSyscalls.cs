using System.Runtime.InteropServices;

namespace Flotilla.Balancer.Namespaces;

/// <summary>
/// The libc calls a namespace thread makes. Plain <c>DllImport</c>s with blittable signatures and
/// no <c>SetLastError</c> on purpose: the JIT inlines such calls into an optimized caller, so the
/// thread inside a foreign namespace runs no marshalling stub, and errno is read straight from
/// <c>__errno_location</c> rather than through the runtime's last-error bookkeeping.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Interoperability", "SYSLIB1054", Justification = "see the summary: no generated marshalling code on the namespace thread")]
internal static unsafe class NamespaceSyscalls
{
    public const int CLONE_NEWNET = 0x40000000;
    public const int O_RDONLY = 0;
    public const int O_CLOEXEC = 0x80000;
    public const int EFD_CLOEXEC = 0x80000;
    public const int SOCK_NONBLOCK = 0x800;
    public const int SOCK_CLOEXEC = 0x80000;
    public const int AF_INET = 2;
    public const int AF_INET6 = 10;
    public const int EINTR = 4;
    public const int ENETDOWN = 100;

    [DllImport("libc", EntryPoint = "setns")]
    public static extern int SetNs(int fd, int nstype);

    [DllImport("libc", EntryPoint = "socket")]
    public static extern int Socket(int domain, int type, int protocol);

    [DllImport("libc", EntryPoint = "eventfd")]
    public static extern int EventFd(uint initval, int flags);

    [DllImport("libc", EntryPoint = "read")]
    public static extern nint Read(int fd, void* buffer, nint count);

    [DllImport("libc", EntryPoint = "write")]
    public static extern nint Write(int fd, void* buffer, nint count);

    [DllImport("libc", EntryPoint = "open")]
    public static extern int Open(byte* path, int flags);

    [DllImport("libc", EntryPoint = "close")]
    public static extern int Close(int fd);

    [DllImport("libc", EntryPoint = "__errno_location")]
    public static extern int* ErrnoLocation();
}
