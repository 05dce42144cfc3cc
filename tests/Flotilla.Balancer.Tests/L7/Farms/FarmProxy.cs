using System.Net;
using Flotilla.Balancer.L7.Farms;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Model;

namespace Flotilla.Balancer.Tests.L7.Farms;

/// <summary>
/// A real in-process YARP router with the farm policies, wired the way the router core must wire
/// it: <c>AddReverseProxy().LoadFromMemory(...).AddFlotillaFarmPolicies(...)</c> and a pipeline with
/// affinity, load balancing, passive health and <c>UseFlotillaFarmTimings</c>.
/// </summary>
public sealed class FarmProxy : IAsyncDisposable
{
    public const string ClusterId = "farm";

    private readonly WebApplication _app;

    private FarmProxy(WebApplication app, string url)
    {
        _app = app;
        Client = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(10) };
    }

    public HttpClient Client { get; }

    public static async Task<FarmProxy> StartAsync(ClusterConfig cluster, FarmPolicyOptions? options = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var route = new RouteConfig { RouteId = "all", ClusterId = ClusterId, Match = new RouteMatch { Path = "{**rest}" } };
        builder.Services.AddReverseProxy()
            .LoadFromMemory([route], [cluster with { ClusterId = ClusterId }])
            .AddFlotillaFarmPolicies(options ?? new FarmPolicyOptions());
        var app = builder.Build();
        app.MapReverseProxy(pipeline =>
        {
            pipeline.UseSessionAffinity();
            pipeline.UseLoadBalancing();
            pipeline.UsePassiveHealthChecks();
            pipeline.UseFlotillaFarmTimings();
        });
        await app.StartAsync();
        var url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new FarmProxy(app, url);
    }

    public static Dictionary<string, DestinationConfig> Destinations(IEnumerable<FarmBackend> backends, Func<FarmBackend, IReadOnlyDictionary<string, string>?>? metadata = null) =>
        backends.ToDictionary(b => b.Name, b => new DestinationConfig { Address = b.Url, Metadata = metadata?.Invoke(b) });

    public DestinationState Destination(string name)
    {
        _app.Services.GetRequiredService<IProxyStateLookup>().TryGetCluster(ClusterId, out var cluster);
        return cluster!.Destinations[name];
    }

    /// <summary>Whether YARP currently offers the destination to load balancing (health applied, not just recorded).</summary>
    public bool IsAvailable(string name)
    {
        _app.Services.GetRequiredService<IProxyStateLookup>().TryGetCluster(ClusterId, out var cluster);
        return cluster!.DestinationsState.AvailableDestinations.Any(d => d.DestinationId == name);
    }

    /// <summary>Sends a GET and returns the name of the backend that answered (its body), or null for a proxy error.</summary>
    public async Task<string?> GetAsync(string path = "/", string? host = null, (string Name, string Value)? header = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (host is not null)
        {
            request.Headers.Host = host;
        }

        if (header is { } h)
        {
            request.Headers.Add(h.Name, h.Value);
        }

        using var response = await Client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        return response.StatusCode is HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout ? null : body;
    }

    /// <summary>Sends <paramref name="count"/> requests, <paramref name="parallel"/> at a time, and counts answers per backend.</summary>
    public async Task<Dictionary<string, int>> CountAsync(int count, int parallel = 8, string path = "/")
    {
        var counts = new Dictionary<string, int>();
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, parallel).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) < count)
            {
                var name = await GetAsync(path) ?? "(error)";
                lock (counts)
                {
                    counts[name] = counts.GetValueOrDefault(name) + 1;
                }
            }
        }));
        return counts;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
