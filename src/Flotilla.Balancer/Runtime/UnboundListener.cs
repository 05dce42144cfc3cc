using System.Net;
using Flotilla.Balancer.Configuration;
using Flotilla.Balancer.L4.Pools;

namespace Flotilla.Balancer.Runtime;

/// <summary>
/// A rule's frontend that could not be bound because its address is in use. The rest of the config
/// went live; this one is retried with back-off (250 ms doubling to 5 s, on the runtime's
/// <see cref="TimeProvider"/>) and on every apply, and binds as soon as the port is free.
/// </summary>
internal sealed class UnboundListener(RuleProtocol protocol, IPEndPoint endpoint, RuleRuntime rule, string error) : IDisposable
{
    public static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(250);

    public static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(5);

    public RuleProtocol Protocol { get; } = protocol;

    public IPEndPoint Endpoint { get; } = endpoint;

    /// <summary>The rule it serves once bound; a reload may hand it a new runtime.</summary>
    public RuleRuntime Rule { get; set; } = rule;

    public string Error { get; set; } = error;

    /// <summary>Binds tried since the first failure (by the timer or by an apply).</summary>
    public int Retries { get; set; }

    public TimeSpan Delay { get; private set; } = FirstDelay;

    public ITimer? Timer { get; set; }

    /// <summary>The delay before the next try: the current one, then doubled up to <see cref="MaxDelay"/>.</summary>
    public TimeSpan NextDelay()
    {
        var delay = Delay;
        Delay = TimeSpan.FromTicks(Math.Min(Delay.Ticks * 2, MaxDelay.Ticks));
        return delay;
    }

    public void Dispose() => Timer?.Dispose();
}
