using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;

namespace Flotilla.Balancer.L7.Serving;

/// <summary>Kestrel's transport for <see cref="RouterEndPoint"/>s; any other endpoint goes to the usual socket transport.</summary>
internal sealed class RouterTransportFactory(ILogger logger) : IConnectionListenerFactory, IConnectionListenerFactorySelector
{
    private readonly Lock _gate = new();
    private RouterConnectionListener? _plain;
    private RouterConnectionListener? _tls;

    public RouterConnectionListener? Plain => _plain;

    public RouterConnectionListener? Tls => _tls;

    public bool CanBind(EndPoint endpoint) => endpoint is RouterEndPoint;

    public ValueTask<IConnectionListener> BindAsync(EndPoint endpoint, CancellationToken cancellationToken = default)
    {
        var router = (RouterEndPoint)endpoint;
        var listener = new RouterConnectionListener(router, logger);
        lock (_gate)
        {
            if (router.Tls)
            {
                _tls = listener;
            }
            else
            {
                _plain = listener;
            }
        }

        return ValueTask.FromResult<IConnectionListener>(listener);
    }
}
