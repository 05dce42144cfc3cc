using Flotilla.Balancer.L4.Flows;
using Flotilla.Balancer.L4.Hashing;
using Flotilla.Balancer.L4.Pools;
using Microsoft.Extensions.Logging;

namespace Flotilla.Balancer.L4.Tcp;

/// <summary>
/// The backend-connect step both TCP engines share, everything but the I/O: the flow's preference list (hashed once),
/// walked one member at a time; a failed connect counted against its member and logged; a local shortage (out of
/// descriptors here) logged against nobody and ending the walk, since no member would do better; the refusal when
/// nobody took the flow; and the accounting of the flow opened and closed. <see cref="TcpProxy"/> connects with
/// sockets and awaits, <see cref="Epoll.EpollConnection"/> with a non-blocking connect on its loop; both go through
/// here, so they count, refuse and log alike.
/// </summary>
internal sealed partial class BackendAttempts
{
    private readonly Member?[] _preferences = new Member?[BackendPool.MaxAttempts];
    private readonly ILogger _logger;
    private int _next;

    public BackendAttempts(RuleRuntime rule, FlowKey key, ILogger logger)
    {
        Rule = rule;
        Key = key;
        _logger = logger;
        Count = rule.Preferences(key, _preferences);
        ConnectTimeout = TimeSpan.FromSeconds(rule.Config.ConnectTimeoutSeconds);
    }

    public RuleRuntime Rule { get; }

    public FlowKey Key { get; }

    /// <summary>How many members the walk may try.</summary>
    public int Count { get; }

    /// <summary>How long one member's connect may take.</summary>
    public TimeSpan ConnectTimeout { get; }

    /// <summary>The member being tried (after <see cref="TryNext"/> said true); once connected, the flow's.</summary>
    public Member? Member { get; private set; }

    /// <summary>Moves to the next member to try; false when none is left.</summary>
    public bool TryNext()
    {
        if (_next >= Count)
        {
            Member = null;
            return false;
        }

        Member = _preferences[_next++];
        return true;
    }

    /// <summary>The current member's connect failed: counted against it (its passive health) and logged.</summary>
    public void Failed(string reason)
    {
        Member!.ConnectFailed();
        LogConnectFailed(_logger, Member.Key, reason);
    }

    /// <summary>This host is out of what a connect needs: logged, counted against nobody, and the walk ends.</summary>
    public void GiveUp(string reason)
    {
        LogConnectFailed(_logger, Member!.Key, $"{reason} (local; not counted against the member)");
        _next = Count;
        Member = null;
    }

    /// <summary>Nobody took the flow: counted and logged; the engine then resets the client at once rather than let it hang.</summary>
    public void Reject()
    {
        Rule.FlowRejected();
        LogRejected(_logger, Rule.Balancer, Rule.Name, Key.ToString(), Count);
    }

    /// <summary>The flow is up on <see cref="Member"/>: in its member's count and the rule's flow table.</summary>
    public void Opened(Flow flow)
    {
        flow.Member.FlowOpened();
        Rule.Flows.TryAdd(flow);
    }

    /// <summary>The flow is over: out of the table and its member's count.</summary>
    public void Closed(Flow flow)
    {
        Rule.Flows.Remove(flow);
        flow.Member.FlowClosed();
    }

    [LoggerMessage(EventId = 100, Level = LogLevel.Warning, Message = "Connect to member {Member} failed: {Reason}")]
    private static partial void LogConnectFailed(ILogger logger, string member, string reason);

    [LoggerMessage(EventId = 101, Level = LogLevel.Warning, Message = "Rule {Balancer}/{Rule} refused {Flow}: no member in rotation took it ({Tried} tried)")]
    private static partial void LogRejected(ILogger logger, string balancer, string rule, string flow, int tried);
}
