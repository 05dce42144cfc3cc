namespace Flotilla.Balancer.L7.Farms;

/// <summary>The client <see cref="ProbeBodyClientFactory"/> hands YARP: a <see cref="ProbeBodyHandler"/> it can unwrap again on reload.</summary>
internal sealed class ProbeBodyInvoker(ProbeBodyHandler handler) : HttpMessageInvoker(handler, disposeHandler: true)
{
    public ProbeBodyHandler Handler { get; } = handler;
}
