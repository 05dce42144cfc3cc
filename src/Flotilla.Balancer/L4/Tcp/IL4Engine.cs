using System.Net;
using Flotilla.Balancer.L4.Pools;

namespace Flotilla.Balancer.L4.Tcp;

/// <summary>
/// One TCP data path (.NET sockets or epoll loops). Owned by the runtime: whatever the engine
/// runs on (the epoll loops) lives as long as the engine and is released with it.
/// </summary>
internal interface IL4Engine : IAsyncDisposable
{
    string Name { get; }

    /// <summary>Binds a frontend whose accepted connections this engine carries; not started yet.</summary>
    IFrontendListener Bind(IPEndPoint endpoint, RuleRuntime rule, ConnectionLimit limit);
}
