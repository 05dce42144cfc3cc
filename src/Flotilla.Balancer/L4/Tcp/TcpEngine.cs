using System.Runtime.InteropServices;

namespace Flotilla.Balancer.L4.Tcp;

/// <summary>
/// Which data path carries TCP flows: .NET sockets (async pumps) or the custom epoll loops.
/// Chosen once per process from FLOTILLA_LB_TCP_ENGINE (epoll|sockets) so both can be measured
/// side by side; FLOTILLA_LB_TCP_LOOPS sets the number of epoll loops.
/// </summary>
internal static class TcpEngine
{
    /// <summary>The epoll path only knows the x86-64 Linux ABI (packed epoll_event, constants).</summary>
    public static bool UseEpoll { get; } =
        OperatingSystem.IsLinux()
        && RuntimeInformation.ProcessArchitecture == Architecture.X64
        && string.Equals(Environment.GetEnvironmentVariable("FLOTILLA_LB_TCP_ENGINE"), "epoll", StringComparison.OrdinalIgnoreCase);

    public static int Loops { get; } =
        int.TryParse(Environment.GetEnvironmentVariable("FLOTILLA_LB_TCP_LOOPS"), out var n) && n > 0 ? n : 1;
}
