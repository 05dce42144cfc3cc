using System.Runtime.InteropServices;

namespace Flotilla.Balancer.L4.Tcp;

/// <summary>
/// Which data path carries TCP flows: the custom epoll loops (default: about half the syscalls
/// per request and 10-15% less CPU than .NET sockets, bench/README.md) or .NET sockets (async
/// pumps), and how many epoll loops. <see cref="FromEnvironment"/> reads FLOTILLA_LB_TCP_ENGINE
/// (epoll|sockets) and FLOTILLA_LB_TCP_LOOPS so both can be measured side by side.
/// </summary>
public sealed record L4EngineOptions(string Name, int Loops)
{
    public const string Epoll = "epoll";
    public const string Sockets = "sockets";

    /// <summary>The epoll path only knows the x86-64 Linux ABI (packed epoll_event, constants).</summary>
    public static bool EpollSupported { get; } =
        OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture == Architecture.X64;

    /// <summary>
    /// Two loops measured best on 2 cores (bench/l4-engines.sh: one loop saturates its core
    /// before HAProxy's two threads do); more than the cores would only add switches.
    /// </summary>
    public static int DefaultLoops => Math.Clamp(Environment.ProcessorCount, 1, 2);

    public static L4EngineOptions FromEnvironment()
    {
        var name = string.Equals(Environment.GetEnvironmentVariable("FLOTILLA_LB_TCP_ENGINE"), Sockets, StringComparison.OrdinalIgnoreCase) ? Sockets : Epoll;
        var loops = int.TryParse(Environment.GetEnvironmentVariable("FLOTILLA_LB_TCP_LOOPS"), out var n) && n > 0 ? n : DefaultLoops;
        return new L4EngineOptions(name, loops);
    }

    /// <summary>The engine these options name; epoll where it is not supported falls back to sockets, as before.</summary>
    internal IL4Engine Create(Microsoft.Extensions.Logging.ILogger logger) =>
        string.Equals(Name, Epoll, StringComparison.OrdinalIgnoreCase) && EpollSupported
            ? new Epoll.EpollEngine(Math.Max(1, Loops), logger)
            : new SocketsEngine(logger);
}
