using System.Runtime.InteropServices;

namespace Flotilla.Balancer.L4.Tcp;

/// <summary>
/// Which data path carries TCP flows: the custom epoll loops (default: about half the syscalls
/// per request and 10-15% less CPU than .NET sockets, bench/README.md) or .NET sockets (async
/// pumps). Chosen once per process from FLOTILLA_LB_TCP_ENGINE (epoll|sockets) so both can be
/// measured side by side; FLOTILLA_LB_TCP_LOOPS sets the number of epoll loops.
/// </summary>
internal static class TcpEngine
{
    /// <summary>The epoll path only knows the x86-64 Linux ABI (packed epoll_event, constants).</summary>
    public static bool UseEpoll { get; } =
        OperatingSystem.IsLinux()
        && RuntimeInformation.ProcessArchitecture == Architecture.X64
        && !string.Equals(Environment.GetEnvironmentVariable("FLOTILLA_LB_TCP_ENGINE"), "sockets", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Two loops measured best on 2 cores (bench/l4-engines.sh: one loop saturates its core
    /// before HAProxy's two threads do); more than the cores would only add switches.
    /// </summary>
    public static int Loops { get; } =
        int.TryParse(Environment.GetEnvironmentVariable("FLOTILLA_LB_TCP_LOOPS"), out var n) && n > 0 ? n : Math.Clamp(Environment.ProcessorCount, 1, 2);
}
