using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.LoadBalancing;
using Yarp.ReverseProxy.SessionAffinity;

namespace Flotilla.Balancer.L7.Farms;

/// <summary>Registers the server-farm policies with YARP under the names of <see cref="FarmPolicyNames"/>.</summary>
public static class FarmPolicyBuilderExtensions
{
    /// <summary>
    /// Adds the load-balancing, host-name affinity and health policies, the shared affinity table,
    /// and the probe plumbing that lets <see cref="FarmPolicyNames.ActiveHealth"/> read bodies.
    /// <para>
    /// Call it after <c>AddReverseProxy()</c> and after registering any
    /// <see cref="IForwarderHttpClientFactory"/> of your own: it wraps the one registered last.
    /// In the pipeline, also call <see cref="FarmPipelineExtensions.UseFlotillaFarmTimings"/>.
    /// </para>
    /// </summary>
    public static IReverseProxyBuilder AddFlotillaFarmPolicies(this IReverseProxyBuilder builder, FarmPolicyOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        var services = builder.Services;

        services.AddSingleton(options);
        services.AddSingleton<ResponseTimeTracker>();
        services.AddSingleton<IAffinityTable>(_ => options.AffinityStorePath is { } path ? new SqliteAffinityTable(path) : new InProcessAffinityTable());

        services.AddSingleton<ILoadBalancingPolicy, WeightedRoundRobinPolicy>();
        services.AddSingleton<ILoadBalancingPolicy, LeastResponseTimePolicy>();
        services.AddSingleton<ILoadBalancingPolicy, HashPolicy>();
        services.AddSingleton<ISessionAffinityPolicy, HostNameAffinityPolicy>();
        services.AddSingleton<IActiveHealthCheckPolicy, ActiveHealthPolicy>();
        services.AddSingleton<IPassiveHealthCheckPolicy, ConsecutiveFailuresPolicy>();

        services.Replace(ServiceDescriptor.Singleton<IProbingRequestFactory, FarmProbingRequestFactory>());
        DecorateClientFactory(services);
        return builder;
    }

    private static void DecorateClientFactory(IServiceCollection services)
    {
        var existing = services.LastOrDefault(d => d.ServiceType == typeof(IForwarderHttpClientFactory))
            ?? throw new InvalidOperationException("Call AddReverseProxy() before AddFlotillaFarmPolicies().");
        services.Remove(existing);
        services.AddSingleton<IForwarderHttpClientFactory>(provider => new ProbeBodyClientFactory(Resolve(provider, existing)));
    }

    private static IForwarderHttpClientFactory Resolve(IServiceProvider provider, ServiceDescriptor descriptor) => (IForwarderHttpClientFactory)(
        descriptor.ImplementationInstance
        ?? descriptor.ImplementationFactory?.Invoke(provider)
        ?? ActivatorUtilities.CreateInstance(provider, descriptor.ImplementationType!));
}
