using System.Net;
using System.Net.Sockets;
using Flotilla.Balancer.L4.Pools;
using Microsoft.Extensions.Logging;

namespace Flotilla.Balancer.L4.Tcp;

/// <summary>The .NET sockets data path: each flow is a pair of async pumps (<see cref="TcpProxy"/>).</summary>
internal sealed class SocketsEngine(ILogger logger) : IL4Engine
{
    private readonly TcpProxy _proxy = new(logger);

    public string Name => L4EngineOptions.Sockets;

    public IFrontendListener Bind(IPEndPoint endpoint, RuleRuntime rule, ConnectionLimit limit) =>
        TcpRuleListener.Bind(endpoint, rule, limit, Handle, logger);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private void Handle(Socket client, RuleRuntime rule, Action onClosed) => _ = HandleAsync(client, rule, onClosed);

    private async Task HandleAsync(Socket client, RuleRuntime rule, Action onClosed)
    {
        try
        {
            await _proxy.HandleAsync(client, rule).ConfigureAwait(false);
        }
        finally
        {
            onClosed();
        }
    }
}
