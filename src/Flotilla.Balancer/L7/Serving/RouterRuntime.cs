using System.Net;
using System.Net.Sockets;
using Flotilla.Balancer.Configuration.Routers;
using Flotilla.Balancer.Namespaces;
using Flotilla.Balancer.Runtime;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.DependencyInjection;

namespace Flotilla.Balancer.L7.Serving;

/// <summary>
/// The routers of the live config. Part of <see cref="LbRuntime.ApplyAsync"/>: everything that can
/// fail (binding a port, entering a namespace, loading a certificate, a policy YARP lacks) happens
/// in <see cref="PrepareAsync"/>; <see cref="CommitAsync"/> only swaps.
/// </summary>
public sealed partial class RouterRuntime : IAsyncDisposable
{
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private readonly Dictionary<string, RouterServer> _servers = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Address, int Port), ListenSocket> _sockets = [];
    private readonly Dictionary<(string Address, int Port), CertificateSet?> _certificates = [];
    private readonly List<Task> _stopping = [];

    public RouterRuntime(ILoggerFactory loggers)
    {
        _loggers = loggers;
        _logger = loggers.CreateLogger<RouterRuntime>();
    }

    public RouterMetrics Metrics { get; } = new();

    internal IReadOnlyCollection<RouterServer> Servers => [.. _servers.Values];

    /// <summary>The endpoint a listener is bound to (its port 0 resolved), or null.</summary>
    public IPEndPoint? ListeningEndpoint(string address, int port) =>
        _sockets.TryGetValue((address, port), out var socket) ? socket.Endpoint : null;

    /// <summary>
    /// The routers' listeners for /status, each live: a router listener that cannot be bound still
    /// rejects the config (unlike a balancer rule's frontend, it is not retried).
    /// </summary>
    public IReadOnlyList<ListenerStatus> ListenerStatus() => [.. _servers.Values.OrderBy(s => s.Name, StringComparer.Ordinal).SelectMany(server => _sockets.Values
        .Where(s => ReferenceEquals(s.Owner, server.PlainListener) || ReferenceEquals(s.Owner, server.TlsListener))
        .Select(s => new ListenerStatus($"tcp {s.Endpoint}", null, null, server.Name, true, null, 0))
        .OrderBy(l => l.Frontend, StringComparer.Ordinal))];

    /// <summary>Every live router with its listeners, rules, farms and members' health, for /status.</summary>
    public IReadOnlyList<RouterStatus> Status() => [.. _servers.Values.OrderBy(s => s.Name, StringComparer.Ordinal).Select(StatusOf)];

    private RouterStatus StatusOf(RouterServer server)
    {
        var listeners = _sockets.Values
            .Where(s => ReferenceEquals(s.Owner, server.PlainListener) || ReferenceEquals(s.Owner, server.TlsListener))
            .Select(s => $"{(s.Certificates is null ? "http" : "https")}://{s.Endpoint}")
            .Order(StringComparer.Ordinal)
            .ToList();
        var config = server.Snapshot?.Config;
        var farms = new List<FarmStatus>();
        foreach (var farm in config?.Farms ?? [])
        {
            var members = new List<DestinationStatus>();
            if (server.ProxyState.TryGetCluster(farm.Name, out var cluster))
            {
                var available = cluster.DestinationsState.AvailableDestinations;
                members.AddRange(cluster.Destinations.Values.OrderBy(d => d.DestinationId, StringComparer.Ordinal).Select(d => new DestinationStatus(
                    d.DestinationId,
                    d.Model.Config.Address,
                    d.Health.Active.ToString().ToLowerInvariant(),
                    d.Health.Passive.ToString().ToLowerInvariant(),
                    available.Contains(d),
                    d.ConcurrentRequestCount)));
            }

            farms.Add(new FarmStatus(farm.Name, L7.Proxy.FarmPolicies.LoadBalancing(farm.Algorithm), farm.Affinity?.Mode.ToString(), farm.Namespace, members));
        }

        return new RouterStatus(server.Name, listeners, [.. config?.Rules.Select(r => r.Name) ?? []], farms);
    }

    internal async Task<RouterPlan> PrepareAsync(IReadOnlyList<RouterConfig> routers, NetworkNamespaces namespaces, CancellationToken cancellationToken)
    {
        var plan = new RouterPlan();
        try
        {
            foreach (var config in routers)
            {
                if (!_servers.TryGetValue(config.Name, out var server))
                {
                    server = new RouterServer(config, _loggers, Metrics);
                    plan.Created.Add(server);
                    await server.StartAsync(cancellationToken).ConfigureAwait(false);
                }

                var farmNamespaces = new Dictionary<string, NetworkNamespace>(StringComparer.Ordinal);
                foreach (var farm in config.Farms.Where(f => f.Namespace is not null))
                {
                    try
                    {
                        farmNamespaces[farm.Name] = namespaces.Enter(farm.Namespace!);
                        plan.Namespaces.Add(farmNamespaces[farm.Name]);
                    }
                    catch (NetworkNamespaceException e)
                    {
                        throw new LbApplyException($"router {config.Name}, farm {farm.Name}: {e.Message}", e);
                    }
                }

                plan.Routers.Add((server, await server.PrepareAsync(config, farmNamespaces).ConfigureAwait(false)));
                foreach (var listener in config.Listeners)
                {
                    PrepareListener(plan, config, server, listener);
                }
            }

            return plan;
        }
        catch
        {
            await plan.AbortAsync().ConfigureAwait(false);
            throw;
        }
    }

    private void PrepareListener(RouterPlan plan, RouterConfig config, RouterServer server, RouterListenerConfig listener)
    {
        var key = (listener.Address, listener.Port);
        CertificateSet? certificates = null;
        if (listener.Tls is { } tls)
        {
            try
            {
                certificates = CertificateSet.Load(tls);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
            {
                throw new LbApplyException($"router {config.Name}, listener {listener.Address}:{listener.Port}: cannot load a certificate: {e.Message}", e);
            }
        }

        plan.Listeners[key] = (server, certificates);
        if (_sockets.ContainsKey(key))
        {
            return;
        }

        try
        {
            plan.Opened[key] = ListenSocket.Bind(new IPEndPoint(IPAddress.Parse(listener.Address), listener.Port), _logger);
        }
        catch (SocketException e)
        {
            var what = e.SocketErrorCode == SocketError.AddressAlreadyInUse ? "address already in use" : e.Message;
            throw new LbApplyException($"router {config.Name}: cannot listen on tcp {listener.Address}:{listener.Port}: {what}", e);
        }
    }

    /// <summary>Takes a prepared plan live: rules and farms swapped, sockets handed to their routers, routers no longer named stopped gracefully.</summary>
    internal async Task CommitAsync(RouterPlan plan, CancellationToken cancellationToken)
    {
        foreach (var server in plan.Created)
        {
            _servers[server.Name] = server;
        }

        foreach (var (server, snapshot) in plan.Routers)
        {
            await server.ApplyAsync(snapshot, cancellationToken).ConfigureAwait(false);
        }

        foreach (var (key, (server, certificates)) in plan.Listeners)
        {
            var isNew = plan.Opened.TryGetValue(key, out var socket);
            socket ??= _sockets[key];
            socket.Certificates = certificates;
            socket.Owner = certificates is null ? server.PlainListener : server.TlsListener;
            _certificates[key] = certificates;
            if (isNew)
            {
                _sockets[key] = socket;
                socket.Start();
                LogListening(_logger, server.Name, certificates is null ? "http" : "https", socket.Endpoint.ToString());
            }
        }

        foreach (var key in _sockets.Keys.Where(k => !plan.Listeners.ContainsKey(k)).ToList())
        {
            await _sockets[key].DisposeAsync().ConfigureAwait(false);
            _sockets.Remove(key);
            _certificates.Remove(key);
        }

        var named = plan.Routers.Select(r => r.Server.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var gone in _servers.Values.Where(s => !named.Contains(s.Name)).ToList())
        {
            _servers.Remove(gone.Name);
            LogRouterRemoved(_logger, gone.Name);
            // Requests in flight finish (Kestrel's graceful stop) while the reload returns.
            _stopping.Add(StopAsync(gone));
        }
    }

    private static async Task StopAsync(RouterServer server)
    {
        await server.StopAsync(CancellationToken.None).ConfigureAwait(false);
        await server.DisposeAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var socket in _sockets.Values)
        {
            await socket.DisposeAsync().ConfigureAwait(false);
        }

        _sockets.Clear();
        foreach (var server in _servers.Values)
        {
            await StopAsync(server).ConfigureAwait(false);
        }

        _servers.Clear();
        await Task.WhenAll(_stopping).ConfigureAwait(false);
        foreach (var certificates in _certificates.Values)
        {
            certificates?.Dispose();
        }

        Metrics.Dispose();
    }

    [LoggerMessage(EventId = 600, Level = LogLevel.Information, Message = "Router {Router} listening on {Scheme} {Endpoint}")]
    private static partial void LogListening(ILogger logger, string router, string scheme, string endpoint);

    [LoggerMessage(EventId = 601, Level = LogLevel.Information, Message = "Router {Router} removed; its requests in flight finish")]
    private static partial void LogRouterRemoved(ILogger logger, string router);
}
