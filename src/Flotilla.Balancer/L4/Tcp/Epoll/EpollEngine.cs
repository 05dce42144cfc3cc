using System.Net;
using Flotilla.Balancer.L4.Pools;
using Microsoft.Extensions.Logging;

namespace Flotilla.Balancer.L4.Tcp.Epoll;

/// <summary>
/// The epoll data path: connections run on this engine's loops (created with its first frontend,
/// stopped with the engine), not on process-wide ones.
/// </summary>
internal sealed class EpollEngine(int loops, ILogger logger) : IL4Engine
{
    private readonly EpollTcpProxy _proxy = new(loops, logger);

    public string Name => L4EngineOptions.Epoll;

    public IFrontendListener Bind(IPEndPoint endpoint, RuleRuntime rule, ConnectionLimit limit) =>
        TcpRuleListener.Bind(endpoint, rule, limit, _proxy.Handle, logger);

    public ValueTask DisposeAsync() => _proxy.DisposeAsync();
}
