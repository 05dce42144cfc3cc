using System.Net;
using System.Net.Sockets;
using Flotilla.Balancer.Configuration;
using Flotilla.Balancer.Contract.Status;
using Flotilla.Balancer.L4;
using Flotilla.Balancer.L4.Pools;
using Flotilla.Balancer.L4.Tcp;
using Flotilla.Balancer.L4.Udp;
using Microsoft.Extensions.Logging;

namespace Flotilla.Balancer.Runtime;

/// <summary>
/// The balancer rules' frontend sockets. A frontend whose address is in use does not reject the
/// config: it is kept as an <see cref="UnboundListener"/> and retried with back-off until it binds
/// (any other bind error still rejects the config). Mutated only under the runtime's apply lock;
/// readers (/status) see an immutable snapshot.
/// </summary>
internal sealed partial class FrontendListeners(TimeProvider time, ConnectionLimit connectionLimit, IL4Engine tcpEngine, SemaphoreSlim applyLock, ILogger logger) : IAsyncDisposable
{
    private readonly Dictionary<(RuleProtocol, IPEndPoint), IFrontendListener> _bound = [];
    private readonly Dictionary<(RuleProtocol, IPEndPoint), int> _retriesBeforeBind = [];
    private readonly Dictionary<(RuleProtocol, IPEndPoint), UnboundListener> _unbound = [];
    private volatile Snapshot[] _snapshot = [];
    private bool _disposed;

    private sealed record Snapshot((RuleProtocol, IPEndPoint) Key, RuleRuntime Rule, IPEndPoint Endpoint, ListenerStatus Status);

    /// <summary>Every rule's listener, bound or not, in config order.</summary>
    public IReadOnlyList<ListenerStatus> Status => [.. _snapshot.Select(s => s.Status)];

    /// <summary>The endpoint a rule listens on (port 0 resolved), or null while it is not bound.</summary>
    public IPEndPoint? EndpointOf(RuleRuntime rule) =>
        _snapshot.FirstOrDefault(s => ReferenceEquals(s.Rule, rule) && s.Status.Live)?.Endpoint;

    /// <summary>Why a rule's frontend is not bound, or null when it is (or the rule is not live).</summary>
    public string? BindErrorOf(RuleRuntime rule) =>
        _snapshot.FirstOrDefault(s => ReferenceEquals(s.Rule, rule))?.Status.Error;

    /// <summary>
    /// Binds the frontends the plan needs that are not bound yet (unbound ones are tried again now).
    /// Those whose address is in use come back in <paramref name="busy"/>.
    /// </summary>
    /// <exception cref="LbApplyException">A frontend cannot be bound for another reason (no such address).</exception>
    public Dictionary<(RuleProtocol, IPEndPoint), IFrontendListener> Bind(List<RulePlan> plan, out Dictionary<(RuleProtocol, IPEndPoint), string> busy)
    {
        var opened = new Dictionary<(RuleProtocol, IPEndPoint), IFrontendListener>();
        busy = [];
        foreach (var (balancer, rule, runtime, frontend, _) in plan)
        {
            var key = (rule.Protocol, frontend);
            if (_bound.ContainsKey(key) || opened.ContainsKey(key))
            {
                continue;
            }

            try
            {
                opened[key] = Open(key, runtime);
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
            {
                busy[key] = "address already in use";
            }
            catch (SocketException e)
            {
                foreach (var listener in opened.Values)
                {
                    listener.DisposeAsync().AsTask().GetAwaiter().GetResult();
                }

                throw new LbApplyException($"rule {balancer.Name}/{rule.Name}: cannot listen on {Describe(key)}: {e.Message}", e);
            }
        }

        return opened;
    }

    /// <summary>Takes the plan's listeners live: new ones started, busy ones left to retry, ones no rule names closed.</summary>
    public async Task SwapAsync(List<RulePlan> plan, Dictionary<(RuleProtocol, IPEndPoint), IFrontendListener> opened, Dictionary<(RuleProtocol, IPEndPoint), string> busy)
    {
        var wanted = new HashSet<(RuleProtocol, IPEndPoint)>();
        foreach (var (_, rule, runtime, frontend, _) in plan)
        {
            var key = (rule.Protocol, frontend);
            wanted.Add(key);
            if (opened.TryGetValue(key, out var fresh))
            {
                _bound[key] = fresh;
                _retriesBeforeBind[key] = _unbound.Remove(key, out var was) ? was.Retries + 1 : 0;
                was?.Dispose();
                fresh.Start();
                LogListening(logger, runtime.Balancer, rule.Name, Describe(key), fresh.Endpoint.ToString());
            }
            else if (_bound.TryGetValue(key, out var live))
            {
                live.Rule = runtime;
            }
            else if (_unbound.TryGetValue(key, out var waiting))
            {
                waiting.Rule = runtime;
                waiting.Error = busy[key];
                waiting.Retries++;
            }
            else
            {
                var unbound = new UnboundListener(rule.Protocol, frontend, runtime, busy[key]);
                _unbound[key] = unbound;
                LogNotBound(logger, runtime.Balancer, rule.Name, Describe(key), unbound.Error);
                Schedule(unbound);
            }
        }

        foreach (var key in _bound.Keys.Where(k => !wanted.Contains(k)).ToList())
        {
            await _bound[key].DisposeAsync().ConfigureAwait(false);
            _bound.Remove(key);
            _retriesBeforeBind.Remove(key);
        }

        foreach (var key in _unbound.Keys.Where(k => !wanted.Contains(k)).ToList())
        {
            _unbound[key].Dispose();
            _unbound.Remove(key);
        }

        Publish(plan);
    }

    private void Schedule(UnboundListener unbound) =>
        unbound.Timer = time.CreateTimer(_ => _ = RetryAsync(unbound), null, unbound.NextDelay(), Timeout.InfiniteTimeSpan);

    /// <summary>One timed retry. A loop that must survive: it logs what it cannot handle and tries again later.</summary>
    private async Task RetryAsync(UnboundListener unbound)
    {
        try
        {
            await applyLock.WaitAsync().ConfigureAwait(false);
        }
        catch (ObjectDisposedException)
        {
            return; // The runtime is gone.
        }

        try
        {
            var key = (unbound.Protocol, unbound.Endpoint);
            if (_disposed || !_unbound.TryGetValue(key, out var current) || !ReferenceEquals(current, unbound))
            {
                return;
            }

            unbound.Retries++;
            try
            {
                var listener = Open(key, unbound.Rule);
                _unbound.Remove(key);
                unbound.Dispose();
                _bound[key] = listener;
                _retriesBeforeBind[key] = unbound.Retries;
                listener.Start();
                LogBoundAfterRetries(logger, unbound.Rule.Balancer, unbound.Rule.Name, Describe(key), listener.Endpoint.ToString(), unbound.Retries);
            }
            catch (SocketException e)
            {
                unbound.Error = e.SocketErrorCode == SocketError.AddressAlreadyInUse ? "address already in use" : e.Message;
                unbound.Timer?.Change(unbound.NextDelay(), Timeout.InfiniteTimeSpan);
            }

            Republish();
        }
        catch (Exception e)
        {
            LogRetryFailed(logger, Describe((unbound.Protocol, unbound.Endpoint)), e);
            unbound.Timer?.Change(BindBackoff.MaxDelay, Timeout.InfiniteTimeSpan);
        }
        finally
        {
            applyLock.Release();
        }
    }

    private IFrontendListener Open((RuleProtocol Protocol, IPEndPoint Endpoint) key, RuleRuntime runtime) =>
        key.Protocol == RuleProtocol.Tcp
            ? tcpEngine.Bind(key.Endpoint, runtime, connectionLimit)
            : UdpRuleListener.Bind(key.Endpoint, runtime, logger);

    private void Publish(List<RulePlan> plan) =>
        _snapshot = [.. plan.Select(p => (p.Rule.Protocol, p.Frontend)).Distinct().Select(StatusOf)];

    private void Republish() =>
        _snapshot = [.. _snapshot.Select(s => StatusOf(s.Key))];

    private Snapshot StatusOf((RuleProtocol, IPEndPoint) key)
    {
        if (_bound.TryGetValue(key, out var live))
        {
            return new Snapshot(key, live.Rule, live.Endpoint, new ListenerStatus { Frontend = Describe((key.Item1, live.Endpoint)), Balancer = live.Rule.Balancer, Rule = live.Rule.Name, Live = true, Retries = _retriesBeforeBind.GetValueOrDefault(key) });
        }

        var unbound = _unbound[key];
        return new Snapshot(key, unbound.Rule, unbound.Endpoint, new ListenerStatus { Frontend = Describe(key), Balancer = unbound.Rule.Balancer, Rule = unbound.Rule.Name, Live = false, Error = unbound.Error, Retries = unbound.Retries });
    }

    private static string Describe((RuleProtocol Protocol, IPEndPoint Endpoint) key) =>
        $"{key.Protocol.ToString().ToLowerInvariant()} {key.Endpoint}";

    public async ValueTask DisposeAsync()
    {
        await applyLock.WaitAsync().ConfigureAwait(false);
        try
        {
            _disposed = true;
            foreach (var unbound in _unbound.Values)
            {
                unbound.Dispose();
            }

            _unbound.Clear();
            foreach (var listener in _bound.Values)
            {
                await listener.DisposeAsync().ConfigureAwait(false);
            }

            _bound.Clear();
            _snapshot = [];
        }
        finally
        {
            applyLock.Release();
        }
    }

    [LoggerMessage(EventId = 300, Level = LogLevel.Information, Message = "Rule {Balancer}/{Rule} listening on {Frontend} ({Endpoint})")]
    private static partial void LogListening(ILogger logger, string balancer, string rule, string frontend, string endpoint);

    [LoggerMessage(EventId = 302, Level = LogLevel.Warning, Message = "Rule {Balancer}/{Rule} cannot listen on {Frontend}: {Error}; the rest of the config is live, retrying until it binds")]
    private static partial void LogNotBound(ILogger logger, string balancer, string rule, string frontend, string error);

    [LoggerMessage(EventId = 303, Level = LogLevel.Information, Message = "Rule {Balancer}/{Rule} listening on {Frontend} ({Endpoint}) after {Retries} retries")]
    private static partial void LogBoundAfterRetries(ILogger logger, string balancer, string rule, string frontend, string endpoint, int retries);

    [LoggerMessage(EventId = 304, Level = LogLevel.Error, Message = "Retrying the listener on {Frontend} failed; trying again later")]
    private static partial void LogRetryFailed(ILogger logger, string frontend, Exception exception);
}
