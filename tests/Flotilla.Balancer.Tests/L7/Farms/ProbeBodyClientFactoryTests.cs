using Flotilla.Balancer.L7.Farms;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;

namespace Flotilla.Balancer.Tests.L7.Farms;

public sealed class ProbeBodyClientFactoryTests
{
    [Fact]
    public void The_inner_factory_sees_its_own_old_client_and_an_unchanged_client_keeps_its_wrapper()
    {
        var inner = new ReusingFactory();
        var factory = new ProbeBodyClientFactory(inner);
        var first = factory.CreateClient(new ForwarderHttpClientContext { ClusterId = "farm", NewConfig = HttpClientConfig.Empty });

        var second = factory.CreateClient(new ForwarderHttpClientContext { ClusterId = "farm", NewConfig = HttpClientConfig.Empty, OldClient = first, OldConfig = HttpClientConfig.Empty });

        Assert.Same(first, second);
        Assert.Same(inner.Created[0], inner.LastOldClient);
        inner.Reuse = false;
        var third = factory.CreateClient(new ForwarderHttpClientContext { ClusterId = "farm", NewConfig = HttpClientConfig.Empty, OldClient = second, OldConfig = HttpClientConfig.Empty });
        Assert.NotSame(second, third);
        Assert.Same(inner.Created[1], Assert.IsType<ProbeBodyInvoker>(third).Handler.Inner);
    }

    /// <summary>Stands in for YARP's factory (or the router core's): reuses the old client unless told not to.</summary>
    private sealed class ReusingFactory : IForwarderHttpClientFactory
    {
        public List<HttpMessageInvoker> Created { get; } = [];

        public HttpMessageInvoker? LastOldClient { get; private set; }

        public bool Reuse { get; set; } = true;

        public HttpMessageInvoker CreateClient(ForwarderHttpClientContext context)
        {
            LastOldClient = context.OldClient;
            if (Reuse && context.OldClient is not null)
            {
                return context.OldClient;
            }

            var client = new HttpMessageInvoker(new SocketsHttpHandler());
            Created.Add(client);
            return client;
        }
    }
}
