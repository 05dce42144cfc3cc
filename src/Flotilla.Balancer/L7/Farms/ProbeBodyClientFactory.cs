using Yarp.ReverseProxy.Forwarder;

namespace Flotilla.Balancer.L7.Farms;

/// <summary>
/// Decorates whatever <see cref="IForwarderHttpClientFactory"/> was registered before
/// <c>AddFlotillaFarmPolicies</c> (YARP's, or the router core's namespace-aware one) so each
/// cluster's client goes through a <see cref="ProbeBodyHandler"/>. The inner factory still decides
/// when a client can be reused: it sees its own old client, and an unchanged inner client keeps
/// the same wrapper.
/// </summary>
internal sealed class ProbeBodyClientFactory(IForwarderHttpClientFactory inner) : IForwarderHttpClientFactory
{
    public HttpMessageInvoker CreateClient(ForwarderHttpClientContext context)
    {
        var oldWrapper = context.OldClient as ProbeBodyInvoker;
        var innerContext = new ForwarderHttpClientContext
        {
            ClusterId = context.ClusterId,
            OldConfig = context.OldConfig,
            OldMetadata = context.OldMetadata,
            OldClient = oldWrapper?.Handler.Inner ?? context.OldClient,
            NewConfig = context.NewConfig,
            NewMetadata = context.NewMetadata,
        };

        var client = inner.CreateClient(innerContext);
        return oldWrapper is not null && ReferenceEquals(client, oldWrapper.Handler.Inner) ? oldWrapper : new ProbeBodyInvoker(new ProbeBodyHandler(client));
    }
}
