using System.Net;
using System.Net.Sockets;
using Flotilla.Balancer.Configuration;
using Flotilla.Balancer.Contract.Status;
using Flotilla.Balancer.Health;
using Flotilla.Balancer.L4;
using Flotilla.Balancer.L4.Pools;
using Flotilla.Balancer.L4.Tcp;
using Flotilla.Balancer.L4.Udp;
using Flotilla.Balancer.L7.Serving;
using Flotilla.Balancer.Namespaces;
using Microsoft.Extensions.Logging;

namespace Flotilla.Balancer.Runtime;

/// <summary>
/// The running data plane: listeners, rules, probes. <see cref="ApplyAsync"/> takes a
/// validated config live atomically: it binds new frontends and runs first probes before
/// touching anything live, so a config that fails leaves the old one serving, and flows
/// survive any reload. A frontend whose address is in use does not fail the config: the rest
/// goes live and that one is retried until it binds (<see cref="FrontendListeners"/>).
/// </summary>
public sealed partial class LbRuntime : IAsyncDisposable
{
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly HealthMonitor _health;
    private readonly NetworkNamespaces _namespaces;
    private HashSet<NetworkNamespace> _liveNamespaces = [];
    private List<ProbeTargetKey> _liveProbeKeys = [];
    private readonly SemaphoreSlim _applyLock = new(1, 1);
    private readonly object _healthGate = new();
    private readonly Dictionary<(string Balancer, string Rule), RuleRuntime> _rules = [];
    private readonly List<RuleRuntime> _retired = [];
    private readonly FrontendListeners _listeners;
    private readonly ITimer _sweeper;
    private volatile RuleRuntime[] _ruleList = [];
    private readonly ConnectionLimit _connectionLimit;
    private readonly RouterRuntime _routers;
    private readonly IL4Engine _tcpEngine;

    /// <param name="engine">The TCP data path; by default from FLOTILLA_LB_TCP_ENGINE/FLOTILLA_LB_TCP_LOOPS.</param>
    public LbRuntime(TimeProvider time, ILoggerFactory loggers, ConnectionLimit? connectionLimit = null, L4EngineOptions? engine = null)
    {
        _routers = new RouterRuntime(loggers, time, _applyLock);
        _connectionLimit = connectionLimit ?? ConnectionLimit.FromDescriptorLimit();
        _time = time;
        _logger = loggers.CreateLogger<LbRuntime>();
        _health = new HealthMonitor(time, loggers.CreateLogger<HealthMonitor>());
        _namespaces = new NetworkNamespaces(loggers.CreateLogger<NetworkNamespaces>());
        _tcpEngine = (engine ?? L4EngineOptions.FromEnvironment()).Create(_logger);
        _listeners = new FrontendListeners(time, _connectionLimit, _tcpEngine, _applyLock, _logger);
        _sweeper = time.CreateTimer(_ => Sweep(), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
    }

    /// <summary>
    /// The live config, set once all of it is live (rules listed with their listeners, routers committed): /healthz
    /// answers ok from then on, so a reader of /status never meets an empty rule list of a config said to be live.
    /// </summary>
    public LbConfig? Current { get; private set; }

    // The config being taken live, set before its rules' health is computed (which reads its probes).
    private volatile LbConfig? _applying;

    /// <summary>Rules of the current config, in config order.</summary>
    public IReadOnlyList<RuleRuntime> Rules => _ruleList;

    public HealthMonitor Health => _health;

    /// <summary>The network namespaces the live config's pools name, each entered by its own thread.</summary>
    public NetworkNamespaces Namespaces => _namespaces;

    /// <summary>The application request routers (L7) of the live config.</summary>
    public RouterRuntime Routers => _routers;

    /// <summary>The process-wide cap on TCP flows, shared by every TCP frontend.</summary>
    public ConnectionLimit ConnectionLimit => _connectionLimit;

    /// <summary>The name of the TCP data path carrying flows (epoll or sockets).</summary>
    public string TcpEngine => _tcpEngine.Name;

    public long NowMilliseconds => (long)_time.GetElapsedTime(0).TotalMilliseconds;

    public RuleRuntime? FindRule(string name) =>
        _ruleList.FirstOrDefault(r => r.Name == name || $"{r.Balancer}/{r.Name}" == name);

    public async Task ApplyAsync(LbConfig config, CancellationToken cancellationToken)
    {
        await _applyLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await ApplyLockedAsync(config, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _applyLock.Release();
        }
    }

    private async Task ApplyLockedAsync(LbConfig config, CancellationToken cancellationToken)
    {
        var now = NowMilliseconds;
        List<RulePlan> plan;
        Dictionary<(RuleProtocol, IPEndPoint), IFrontendListener> opened = [];
        Dictionary<(RuleProtocol, IPEndPoint), string> busy;
        List<ProbeTargetKey> probeKeys;
        RouterPlan? routerPlan = null;
        try
        {
            plan = RulePlan.For(config, _rules, _namespaces, now);
            opened = _listeners.Bind(plan, out busy);
            routerPlan = await _routers.PrepareAsync(config.Routers, _namespaces, cancellationToken).ConfigureAwait(false);
            probeKeys = [.. plan.SelectMany(ProbeKeys)];
            var firstProbeLimit = TimeSpan.FromSeconds(plan.Select(p => p.Balancer.Probes.Select(x => x.TimeoutSeconds).DefaultIfEmpty(0).Max()).DefaultIfEmpty(0).Max() + 2);
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(firstProbeLimit);
            await _health.AddAsync(probeKeys, limit.Token).ConfigureAwait(false);
        }
        catch
        {
            foreach (var listener in opened.Values)
            {
                await listener.DisposeAsync().ConfigureAwait(false);
            }

            if (routerPlan is not null)
            {
                await routerPlan.AbortAsync().ConfigureAwait(false);
            }

            // Probes and namespaces this attempt started go; the live config's stay.
            await _health.RetainAsync(_liveProbeKeys).ConfigureAwait(false);
            _namespaces.Retain(_liveNamespaces);
            throw;
        }

        // From here on nothing can fail: the new config goes live.
        var live = new Dictionary<(string, string), RuleRuntime>();
        foreach (var (balancer, rule, runtime, frontend, network) in plan)
        {
            var pool = balancer.BackendPools.First(p => p.Name == rule.BackendPool);
            var members = pool.Members.Select(m => (m.EndpointFor(rule), m.Weight)).ToList();
            runtime.Update(rule, frontend, members, now, network);
            live[(balancer.Name, rule.Name)] = runtime;
        }

        foreach (var (key, removed) in _rules.Where(r => !live.ContainsKey(r.Key)).ToList())
        {
            removed.Update(removed.Config, removed.Frontend, [], now);
            _retired.Add(removed);
            LogRuleRemoved(_logger, key.Balancer, key.Rule, removed.Flows.Count);
        }

        _rules.Clear();
        foreach (var (key, runtime) in live)
        {
            _rules[key] = runtime;
        }

        RuleRuntime[] ruleList = [.. plan.Select(p => p.Runtime)];
        _applying = config;
        RefreshHealth(ruleList);
        await _listeners.SwapAsync(plan, opened, busy).ConfigureAwait(false);
        await _routers.CommitAsync(routerPlan, cancellationToken).ConfigureAwait(false);
        // /status lists _ruleList's rules with their listeners: a new rule shows once its listener is bound or waiting
        // with its bind error, never in between (unbound with no error, which the daemon must not read as a port in use).
        _ruleList = ruleList;
        Current = config;
        RefreshHealth(ruleList);   // a probe verdict that came while the new rules were not yet listed
        await _health.RetainAsync(probeKeys).ConfigureAwait(false);
        _liveProbeKeys = probeKeys;

        // After the probes that used them stopped. Draining flows keep their sockets (a socket
        // keeps its namespace); only new sockets there would fail, and no member takes new flows.
        _liveNamespaces = [.. plan.Select(p => p.Namespace).OfType<NetworkNamespace>(), .. routerPlan.Namespaces];
        _namespaces.Retain(_liveNamespaces);
    }

    /// <summary>The frontend endpoint a rule actually listens on (port 0 resolved), or null while it is not bound.</summary>
    public IPEndPoint? ListeningEndpoint(RuleRuntime rule) => _listeners.EndpointOf(rule);

    /// <summary>Why a rule's frontend is not bound yet (it is retried until it binds), or null.</summary>
    public string? BindError(RuleRuntime rule) => _listeners.BindErrorOf(rule);

    /// <summary>Every rule's frontend listener, bound or waiting for its address, in config order.</summary>
    public IReadOnlyList<ListenerStatus> Listeners => _listeners.Status;

    private static IEnumerable<ProbeTargetKey> ProbeKeys(RulePlan plan)
    {
        var (balancer, rule, _, _, network) = plan;
        if (rule.Probe is null)
        {
            return [];
        }

        var probe = balancer.Probes.First(p => p.Name == rule.Probe);
        var pool = balancer.BackendPools.First(p => p.Name == rule.BackendPool);
        return pool.Members.Select(m => HealthMonitor.KeyFor(balancer.Name, probe, m.EndpointFor(rule), network));
    }

    /// <summary>The probe target deciding a member's health in a rule, if the rule has a probe.</summary>
    public ProbeTarget? ProbeTargetOf(RuleRuntime rule, Member member)
    {
        if (rule.Config.Probe is not { } name || (_applying ?? Current)?.Balancers.FirstOrDefault(b => b.Name == rule.Balancer) is not { } balancer)
        {
            return null;
        }

        var probe = balancer.Probes.FirstOrDefault(p => p.Name == name);
        return probe is null ? null : _health.Find(HealthMonitor.KeyFor(rule.Balancer, probe, member.Endpoint, member.Namespace));
    }

    private void OnHealthChanged(ProbeTarget target) => RefreshHealth();

    /// <summary>Sets each member's health from its probe target and rebuilds the pools.</summary>
    private void RefreshHealth() => RefreshHealth(_ruleList);

    private void RefreshHealth(RuleRuntime[] rules)
    {
        lock (_healthGate)
        {
            foreach (var target in _health.Targets)
            {
                target.Changed -= OnHealthChanged;
                target.Changed += OnHealthChanged;
            }

            foreach (var rule in rules)
            {
                foreach (var member in rule.Members)
                {
                    member.Healthy = rule.Config.Probe is null || ProbeTargetOf(rule, member)?.Health == HealthStatus.Healthy;
                }

                rule.RebuildPool();
            }
        }
    }

    private void Sweep()
    {
        var now = NowMilliseconds;
        foreach (var rule in _ruleList)
        {
            rule.Sweep(now);
        }

        lock (_retired)
        {
            foreach (var rule in _retired)
            {
                rule.Sweep(now);
            }

            _retired.RemoveAll(r => r.Flows.Count == 0);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _sweeper.DisposeAsync().ConfigureAwait(false);
        await _listeners.DisposeAsync().ConfigureAwait(false);
        await _applyLock.WaitAsync().ConfigureAwait(false);
        try
        {
            await _routers.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            _applyLock.Release();
        }

        foreach (var rule in _ruleList.Concat(_retired))
        {
            foreach (var flow in rule.Flows.Flows)
            {
                flow.Close(reset: false);
            }
        }

        // After the flows' closes are posted: the epoll loops run them before they stop.
        await _tcpEngine.DisposeAsync().ConfigureAwait(false);

        await _health.DisposeAsync().ConfigureAwait(false);
        _namespaces.Dispose();
        _applyLock.Dispose();
    }

    [LoggerMessage(EventId = 301, Level = LogLevel.Information, Message = "Rule {Balancer}/{Rule} removed; its {Flows} flows drain")]
    private static partial void LogRuleRemoved(ILogger logger, string balancer, string rule, int flows);
}
