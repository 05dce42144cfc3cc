using System.Net;
using System.Net.Sockets;
using Flotilla.Balancer.Configuration.Routers;
using Flotilla.Balancer.Contract.Status;
using Flotilla.Balancer.Namespaces;
using Flotilla.Balancer.Runtime;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.DependencyInjection;

namespace Flotilla.Balancer.L7.Serving;

/// <summary>
/// The routers of the live config. Part of <see cref="LbRuntime.ApplyAsync"/>: everything that can
/// fail (binding a port, entering a namespace, loading a certificate, a policy YARP lacks) happens
/// in <see cref="PrepareAsync"/>; <see cref="CommitAsync"/> only swaps. A listener whose address is
/// in use does not reject the config: it waits as an <see cref="UnboundRouterListener"/>, retried
/// with back-off under the runtime's apply lock, as a balancer rule's frontend does.
/// </summary>
public sealed partial class RouterRuntime : IAsyncDisposable
{
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _applyLock;
    private readonly Dictionary<(string Address, int Port), UnboundRouterListener> _unbound = [];
    private volatile ListenerStatus[] _unboundStatus = [];
    private bool _disposed;
    private readonly Dictionary<string, RouterServer> _servers = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Address, int Port), ListenSocket> _sockets = [];
    private readonly Dictionary<(string Address, int Port), CertificateSet?> _certificates = [];
    private readonly List<Task> _stopping = [];

    /// <param name="applyLock">The runtime's apply lock, which a timed retry of an unbound listener takes too.</param>
    internal RouterRuntime(ILoggerFactory loggers, TimeProvider time, SemaphoreSlim applyLock)
    {
        _loggers = loggers;
        _logger = loggers.CreateLogger<RouterRuntime>();
        _time = time;
        _applyLock = applyLock;
    }

    public RouterMetrics Metrics { get; } = new();

    internal IReadOnlyCollection<RouterServer> Servers => [.. _servers.Values];

    /// <summary>The endpoint a listener is bound to (its port 0 resolved), or null.</summary>
    public IPEndPoint? ListeningEndpoint(string address, int port) =>
        _sockets.TryGetValue((address, port), out var socket) ? socket.Endpoint : null;

    /// <summary>
    /// The routers' listeners for /status: the bound ones live, those whose address is in use not live with the
    /// error and the retries so far.
    /// </summary>
    public IReadOnlyList<ListenerStatus> ListenerStatus()
    {
        var bound = _servers.Values.SelectMany(server => _sockets.Values
            .Where(s => ReferenceEquals(s.Owner, server.PlainListener) || ReferenceEquals(s.Owner, server.TlsListener))
            .Select(s => new ListenerStatus { Frontend = $"tcp {s.Endpoint}", Router = server.Name, Live = true }));
        return [.. bound.Concat(_unboundStatus).OrderBy(l => l.Router, StringComparer.Ordinal).ThenBy(l => l.Frontend, StringComparer.Ordinal)];
    }

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
                members.AddRange(cluster.Destinations.Values.OrderBy(d => d.DestinationId, StringComparer.Ordinal).Select(d => new DestinationStatus
                {
                    Member = d.DestinationId,
                    Address = d.Model.Config.Address,
                    Active = d.Health.Active.ToString().ToLowerInvariant(),
                    Passive = d.Health.Passive.ToString().ToLowerInvariant(),
                    InRotation = available.Contains(d),
                    ConcurrentRequests = d.ConcurrentRequestCount,
                }));
            }

            farms.Add(new FarmStatus
            {
                Name = farm.Name,
                LoadBalancing = L7.Proxy.FarmPolicies.LoadBalancing(farm.Algorithm),
                Affinity = farm.Affinity?.Mode.ToString(),
                Namespace = farm.Namespace,
                Members = members,
            });
        }

        return new RouterStatus { Name = server.Name, Listeners = listeners, Rules = [.. config?.Rules.Select(r => r.Name) ?? []], Farms = farms };
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
        catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            plan.Busy[key] = "address already in use";
        }
        catch (SocketException e)
        {
            throw new LbApplyException($"router {config.Name}: cannot listen on tcp {listener.Address}:{listener.Port}: {e.Message}", e);
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
            if (plan.Busy.TryGetValue(key, out var busy))
            {
                _certificates[key] = certificates;
                Wait(key, server, certificates, busy);
                continue;
            }

            if (_unbound.Remove(key, out var waited))
            {
                waited.Dispose();
            }

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

        foreach (var key in _unbound.Keys.Where(k => !plan.Listeners.ContainsKey(k)).ToList())
        {
            _unbound[key].Dispose();
            _unbound.Remove(key);
            _certificates.Remove(key);
        }

        PublishUnbound();

        var named = plan.Routers.Select(r => r.Server.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var gone in _servers.Values.Where(s => !named.Contains(s.Name)).ToList())
        {
            _servers.Remove(gone.Name);
            LogRouterRemoved(_logger, gone.Name);
            // Requests in flight finish (Kestrel's graceful stop) while the reload returns.
            _stopping.Add(StopAsync(gone));
        }
    }

    /// <summary>A listener whose address is in use: kept waiting (its router and certificates as the plan says) and retried.</summary>
    private void Wait((string Address, int Port) key, RouterServer server, CertificateSet? certificates, string error)
    {
        if (_unbound.TryGetValue(key, out var waiting))
        {
            waiting.Server = server;
            waiting.Certificates = certificates;
            waiting.Error = error;
            waiting.Retries++;
            return;
        }

        var unbound = new UnboundRouterListener(key.Address, key.Port, server, certificates, error);
        _unbound[key] = unbound;
        LogNotBound(_logger, server.Name, $"tcp {key.Address}:{key.Port}", error);
        unbound.Timer = _time.CreateTimer(_ => _ = RetryAsync(unbound), null, unbound.NextDelay(), Timeout.InfiniteTimeSpan);
    }

    /// <summary>One timed retry. A loop that must survive: it logs what it cannot handle and tries again later.</summary>
    private async Task RetryAsync(UnboundRouterListener unbound)
    {
        try
        {
            await _applyLock.WaitAsync().ConfigureAwait(false);
        }
        catch (ObjectDisposedException)
        {
            return; // The runtime is gone.
        }

        var key = (unbound.Address, unbound.Port);
        try
        {
            if (_disposed || !_unbound.TryGetValue(key, out var current) || !ReferenceEquals(current, unbound))
            {
                return;
            }

            unbound.Retries++;
            try
            {
                var socket = ListenSocket.Bind(new IPEndPoint(IPAddress.Parse(unbound.Address), unbound.Port), _logger);
                socket.Certificates = unbound.Certificates;
                socket.Owner = unbound.Certificates is null ? unbound.Server.PlainListener : unbound.Server.TlsListener;
                _unbound.Remove(key);
                unbound.Dispose();
                _sockets[key] = socket;
                socket.Start();
                LogBoundAfterRetries(_logger, unbound.Server.Name, unbound.Certificates is null ? "http" : "https", socket.Endpoint.ToString(), unbound.Retries);
            }
            catch (SocketException e)
            {
                unbound.Error = e.SocketErrorCode == SocketError.AddressAlreadyInUse ? "address already in use" : e.Message;
                unbound.Timer?.Change(unbound.NextDelay(), Timeout.InfiniteTimeSpan);
            }

            PublishUnbound();
        }
        catch (Exception e)
        {
            LogRetryFailed(_logger, $"tcp {unbound.Address}:{unbound.Port}", e);
            unbound.Timer?.Change(BindBackoff.MaxDelay, Timeout.InfiniteTimeSpan);
        }
        finally
        {
            _applyLock.Release();
        }
    }

    private void PublishUnbound() =>
        _unboundStatus = [.. _unbound.Values.Select(u => new ListenerStatus { Frontend = $"tcp {u.Address}:{u.Port}", Router = u.Server.Name, Live = false, Error = u.Error, Retries = u.Retries })];

    private static async Task StopAsync(RouterServer server)
    {
        await server.StopAsync(CancellationToken.None).ConfigureAwait(false);
        await server.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Called by the owning runtime while it holds its apply lock (a timed retry takes it too).</summary>
    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        foreach (var unbound in _unbound.Values)
        {
            unbound.Dispose();
        }

        _unbound.Clear();
        _unboundStatus = [];
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

    [LoggerMessage(EventId = 602, Level = LogLevel.Warning, Message = "Router {Router} cannot listen on {Frontend}: {Error}; the rest of the config is live, retrying until it binds")]
    private static partial void LogNotBound(ILogger logger, string router, string frontend, string error);

    [LoggerMessage(EventId = 603, Level = LogLevel.Information, Message = "Router {Router} listening on {Scheme} {Endpoint} after {Retries} retries")]
    private static partial void LogBoundAfterRetries(ILogger logger, string router, string scheme, string endpoint, int retries);

    [LoggerMessage(EventId = 604, Level = LogLevel.Error, Message = "Retrying the router listener on {Frontend} failed; trying again later")]
    private static partial void LogRetryFailed(ILogger logger, string frontend, Exception exception);
}
