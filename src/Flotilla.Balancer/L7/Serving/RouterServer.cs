using Microsoft.AspNetCore.DataProtection;
using Flotilla.Balancer.L7.Farms;
using System.Diagnostics;
using System.Net.Security;
using Flotilla.Balancer.Configuration.Routers;
using Flotilla.Balancer.L7.Actions;
using Flotilla.Balancer.L7.Proxy;
using Flotilla.Balancer.L7.Rules;
using Flotilla.Balancer.Namespaces;
using Flotilla.Balancer.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.LoadBalancing;
using Yarp.ReverseProxy.Model;
using Yarp.ReverseProxy.SessionAffinity;

namespace Flotilla.Balancer.L7.Serving;

/// <summary>
/// One router: a Kestrel server and YARP's proxy pipeline in their own host (so YARP's state —
/// health, affinity, load counters — is per router), fed by <see cref="ListenSocket"/>s through
/// <see cref="RouterEndPoint"/>s.
/// </summary>
/// <remarks>
/// Why <c>MapReverseProxy</c> and not <c>IHttpForwarder</c>: YARP's pipeline brings load
/// balancing, session affinity, active and passive health per cluster, which the farm policies
/// plug into; with the bare forwarder we would rewrite all of them. Why rules in our middleware
/// and not YARP routes: ARR's rules are ordered (first match wins) and test regexes, extensions
/// and server variables, which endpoint routing (most specific route wins) cannot express. So
/// one catch-all YARP route exists, the rule middleware picks the farm, and the proxy pipeline's
/// first step moves the request onto that farm's cluster (<c>ReassignProxyRequest</c>).
/// </remarks>
internal sealed partial class RouterServer : IAsyncDisposable
{
    /// <summary>The route every request matches; its cluster is a placeholder the pipeline replaces.</summary>
    private const string CatchAllRoute = "flotilla-rules";

    private const string PlaceholderCluster = "flotilla-no-farm";

    private static readonly TimeSpan ApplyWait = TimeSpan.FromSeconds(10);

    private readonly WebApplication _app;
    private readonly InMemoryConfigProvider _proxyConfig = new([], []);
    private readonly RouterTransportFactory _transport;
    private readonly RouterMetrics _metrics;
    private readonly ILogger _logger;
    private volatile RouterSnapshot? _snapshot;
    private volatile IReadOnlyDictionary<string, NetworkNamespace> _namespaces = new Dictionary<string, NetworkNamespace>();

    public RouterServer(RouterConfig config, ILoggerFactory loggers, RouterMetrics metrics)
    {
        var name = config.Name;
        Name = name;
        _metrics = metrics;
        _logger = loggers.CreateLogger<RouterServer>();
        _transport = new RouterTransportFactory(loggers.CreateLogger<RouterConnectionListener>());
        // The content root is where the host watches appsettings files; left to the working directory it was "/" under
        // flotillad (which starts us there), and watching the whole file system took 1.7 s of CPU at start (bench/RESULTS.md).
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<ILoggerFactory>(new RouterLoggerFactory(loggers));
        builder.Services.AddSingleton<IConnectionListenerFactory>(_transport);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));
        builder.WebHost.UseKestrel(k =>
        {
            k.AddServerHeader = false;
            // A proxy passes bodies on; how large an upload may be is the application's call.
            k.Limits.MaxRequestBodySize = null;
            k.Listen(new RouterEndPoint(name, tls: false));
            k.Listen(new RouterEndPoint(name, tls: true), listen =>
            {
                listen.Protocols = HttpProtocols.Http1AndHttp2;
                listen.UseHttps(new TlsHandshakeCallbackOptions { OnConnection = SelectCertificateAsync });
            });
        });
        var proxy = builder.Services.AddReverseProxy();
        builder.Services.AddSingleton<IProxyConfigProvider>(_proxyConfig);
        builder.Services.AddSingleton<IForwarderHttpClientFactory>(new RouterHttpClientFactory(farm => _namespaces.GetValueOrDefault(farm)));
        // After the client factory: the farm policies wrap it so active health probes can read bodies. The affinity
        // store is read here, once: a change of affinityStore takes effect when the router is next created.
        proxy.AddFlotillaFarmPolicies(new FarmPolicyOptions { AffinityStorePath = config.AffinityStore });
        // YARP's affinity cookie holds the member's id encrypted with Data Protection: routers that share an affinity
        // store share its keys too (a folder beside it), so a cookie one router set is read by the other, as ARR's
        // farm-wide affinity is. Keys are made on first use.
        builder.Services.AddDataProtection()
            .SetApplicationName("flotilla-lb")
            .PersistKeysToFileSystem(new DirectoryInfo(AffinityKeysFolder(config.AffinityStore)));
        _app = builder.Build();
        ProxyState = _app.Services.GetRequiredService<IProxyStateLookup>();
        _app.Use(next => context => HandleAsync(context, next));
        _app.MapReverseProxy(pipeline =>
        {
            pipeline.Use(MoveToFarm);
            pipeline.Use(ConnectRetry.InvokeAsync);
            pipeline.UseSessionAffinity();
            pipeline.UseLoadBalancing();
            pipeline.UsePassiveHealthChecks();
            pipeline.UseFlotillaFarmTimings();
        });
    }

    public string Name { get; }

    /// <summary>Where the Data Protection keys of the affinity cookie live: beside the affinity store, named after it.</summary>
    internal static string AffinityKeysFolder(string affinityStore) => Path.ChangeExtension(affinityStore, ".keys");

    public RouterSnapshot? Snapshot => _snapshot;

    public RouterConnectionListener? PlainListener => _transport.Plain;

    public RouterConnectionListener? TlsListener => _transport.Tls;

    /// <summary>YARP's live routes and clusters; resolved once, as every forwarded request reads it twice.</summary>
    public IProxyStateLookup ProxyState { get; }

    /// <summary>Starts Kestrel on the router's two endpoints; no traffic comes until a socket names this router its owner.</summary>
    public Task StartAsync(CancellationToken cancellationToken) => _app.StartAsync(cancellationToken);

    /// <summary>Compiles a config for this router, checking what only the router's YARP can tell (policy names).</summary>
    /// <exception cref="LbApplyException">A farm needs a policy this build does not have, or YARP refuses a cluster.</exception>
    public async Task<RouterSnapshot> PrepareAsync(RouterConfig config, IReadOnlyDictionary<string, NetworkNamespace> namespaces)
    {
        CheckPolicies(config);
        var environment = _app.Services.GetRequiredService<IWebHostEnvironment>();
        var loggers = _app.Services.GetRequiredService<ILoggerFactory>();
        var rules = new RuleTable([.. config.Rules.Select(r => new CompiledRule(r.Name, Conditions.For(r.Match), Action(r, config, environment, loggers)))]);
        var clusters = config.Farms
            .Select(f => FarmPolicies.Cluster(f, namespaces.TryGetValue(f.Name, out var n) ? $"{n.Name} net:[{n.Inode}]" : null))
            .Append(new ClusterConfig { ClusterId = PlaceholderCluster })
            .ToList();
        // The catch-all wins every match (lowest order); a farm's own route is never matched, it
        // exists so YARP builds that farm's transforms (the affinity cookie among them), and the
        // pipeline moves a request onto it with the farm's cluster.
        var routes = new List<RouteConfig> { new() { RouteId = CatchAllRoute, ClusterId = PlaceholderCluster, Order = int.MinValue, Match = new RouteMatch { Path = "/{**catch-all}" } } };
        routes.AddRange(config.Farms.Select(f => new RouteConfig { RouteId = FarmRoute(f.Name), ClusterId = f.Name, Order = int.MaxValue, Match = new RouteMatch { Path = "/{**catch-all}" } }));
        var validator = _app.Services.GetRequiredService<IConfigValidator>();
        foreach (var cluster in clusters)
        {
            if ((await validator.ValidateClusterAsync(cluster).ConfigureAwait(false)) is [var first, ..])
            {
                throw new LbApplyException($"router {config.Name}, farm {cluster.ClusterId}: {first.Message}", first);
            }
        }

        return new RouterSnapshot(config, rules, routes, clusters, namespaces);
    }

    private static string FarmRoute(string farm) => "farm:" + farm;

    private static RuleAction Action(RouterRuleConfig rule, RouterConfig router, IWebHostEnvironment environment, ILoggerFactory loggers)
    {
        // Templates were checked against the rule's groups when the config was read.
        return rule.Action switch
        {
            ForwardActionConfig f => new ForwardAction(rule.Name, f.Farm, router.Farms.First(x => x.Name == f.Farm).Retries, f.RewritePath is { } r ? UrlTemplate.Parse(r, int.MaxValue, int.MaxValue) : null),
            StaticActionConfig s => new StaticAction(s.Directory, s.DefaultDocuments, rule.Match.Path?.Kind == PathMatchKind.Prefix, environment, loggers),
            RedirectActionConfig r => new RedirectAction(UrlTemplate.Parse(r.Url, int.MaxValue, int.MaxValue), r.Status),
            StatusActionConfig s => new StatusAction(s.Code, s.Body),
            _ => throw new InvalidOperationException($"no action for {rule.Action.GetType().Name}"),
        };
    }

    private void CheckPolicies(RouterConfig config)
    {
        var registered = new Dictionary<string, HashSet<string>>
        {
            ["load-balancing"] = Names(_app.Services.GetServices<ILoadBalancingPolicy>().Select(p => p.Name)),
            ["session-affinity"] = Names(_app.Services.GetServices<ISessionAffinityPolicy>().Select(p => p.Name)),
            ["active health"] = Names(_app.Services.GetServices<IActiveHealthCheckPolicy>().Select(p => p.Name)),
            ["passive health"] = Names(_app.Services.GetServices<IPassiveHealthCheckPolicy>().Select(p => p.Name)),
        };
        foreach (var farm in config.Farms)
        {
            foreach (var (kind, setting, name) in FarmPolicies.Required(farm))
            {
                if (!registered[kind].Contains(name))
                {
                    throw new LbApplyException($"router {config.Name}, farm {farm.Name}: {setting} needs the {kind} policy '{name}', which this flotilla-lb does not have (it has: {string.Join(", ", registered[kind].Order(StringComparer.Ordinal))})");
                }
            }
        }
    }

    private static HashSet<string> Names(IEnumerable<string> names) => names.ToHashSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Takes a prepared snapshot live without failing a request in flight: YARP first learns the
    /// new clusters beside the old ones, then the rule table is swapped (a request's farm is
    /// looked up when its rule matches, so it never names a cluster YARP lacks), then the clusters
    /// no rule names go.
    /// </summary>
    public async Task ApplyAsync(RouterSnapshot next, CancellationToken cancellationToken)
    {
        var old = _snapshot;
        var union = next.Clusters.Concat(old?.Clusters.Where(c => next.Clusters.All(n => n.ClusterId != c.ClusterId)) ?? []).ToList();
        _namespaces = Merge(old?.Namespaces, next.Namespaces);
        _proxyConfig.Update(next.Routes, union);
        await WaitForClustersAsync(next.Clusters, cancellationToken).ConfigureAwait(false);
        _snapshot = next;
        _namespaces = next.Namespaces;
        if (union.Count != next.Clusters.Count)
        {
            _proxyConfig.Update(next.Routes, next.Clusters);
        }
    }

    private static Dictionary<string, NetworkNamespace> Merge(IReadOnlyDictionary<string, NetworkNamespace>? old, IReadOnlyDictionary<string, NetworkNamespace> next)
    {
        var merged = old?.ToDictionary() ?? [];
        foreach (var (farm, network) in next)
        {
            merged[farm] = network;
        }

        return merged;
    }

    private async Task WaitForClustersAsync(IReadOnlyList<ClusterConfig> clusters, CancellationToken cancellationToken)
    {
        var lookup = ProxyState;
        var clock = Stopwatch.StartNew();
        while (!clusters.All(c => lookup.TryGetCluster(c.ClusterId, out var state) && state.Model.Config.Equals(c)
            && (c.ClusterId == PlaceholderCluster || lookup.TryGetRoute(FarmRoute(c.ClusterId), out _))))
        {
            if (clock.Elapsed > ApplyWait)
            {
                LogSlowApply(_logger, Name, ApplyWait.TotalSeconds);
                return;
            }

            await Task.Delay(5, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task HandleAsync(HttpContext context, RequestDelegate next)
    {
        var started = Stopwatch.GetTimestamp();
        if (_snapshot is not { } snapshot)
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return;
        }

        var (rule, match) = snapshot.Rules.Find(context);
        var farm = rule?.Action.Farm;
        try
        {
            if (rule is null)
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            if (farm is not null)
            {
                if (!ProxyState.TryGetCluster(farm, out var cluster) || !ProxyState.TryGetRoute(FarmRoute(farm), out var route))
                {
                    context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                    return;
                }

                context.Features.Set(new FarmTarget(route, cluster));
            }

            await rule.Action.ExecuteAsync(context, match, next).ConfigureAwait(false);
        }
        finally
        {
            var server = farm is null ? "router" : context.Features.Get<IReverseProxyFeature>()?.ProxiedDestination?.DestinationId ?? "none";
            _metrics.Record(Name, rule?.Name ?? "(no rule)", farm ?? "", server, context.Response.StatusCode, Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
    }

    /// <summary>The proxy pipeline's first step: onto the cluster of the farm the rule chose.</summary>
    private static Task MoveToFarm(HttpContext context, Func<Task> next)
    {
        if (context.Features.Get<FarmTarget>() is not { } target)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }

        context.ReassignProxyRequest(target.Route, target.Cluster);
        return next();
    }

    private ValueTask<SslServerAuthenticationOptions> SelectCertificateAsync(TlsHandshakeCallbackContext context)
    {
        var certificates = (context.Connection.Items.TryGetValue(RouterConnectionListener.ListenSocketItem, out var from) ? (from as ListenSocket)?.Certificates : null)
            ?? throw new InvalidOperationException("a TLS connection came through a listener without certificates");
        var serverName = context.ClientHelloInfo.ServerName;
        context.Connection.Items[ServerVariables.ServerCertificateItem] = certificates.CertificateFor(serverName);
        return ValueTask.FromResult(new SslServerAuthenticationOptions
        {
            ServerCertificateContext = certificates.ContextFor(serverName),
            ApplicationProtocols = [SslApplicationProtocol.Http2, SslApplicationProtocol.Http11],
        });
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await _app.StopAsync(cancellationToken).ConfigureAwait(false);

    public async ValueTask DisposeAsync() => await _app.DisposeAsync().ConfigureAwait(false);

    /// <summary>Where a forward rule sends its request, looked up when the rule matches so a reload cannot pull it away mid-request.</summary>
    private sealed record FarmTarget(RouteModel Route, ClusterState Cluster);

    [LoggerMessage(EventId = 610, Level = LogLevel.Warning, Message = "Router {Router}: YARP took more than {Seconds} s to take a config; rules swapped anyway")]
    private static partial void LogSlowApply(ILogger logger, string router, double seconds);
}
