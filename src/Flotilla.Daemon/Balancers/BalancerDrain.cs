using Flotilla.Balancer.Contract.Status;

namespace Flotilla.Daemon.Balancers;

/// <summary>
/// What a drain waits for: flotilla-lb keeps a member taken out of a rule's pool as <c>draining</c> in its
/// <c>/status</c> while it has flows, and drops it when the last one ends or the rule's drain timeout ends them.
/// Pure, so each case has a test.
/// </summary>
internal static class BalancerDrain
{
    /// <summary>
    /// The flows the balancer's draining members at <paramref name="addresses"/> (their IPs) still carry; 0 when none
    /// is left. With no status yet the count is unknown, which is not "drained": -1.
    /// </summary>
    public static long PendingFlows(StatusReport? status, string balancer, IReadOnlyCollection<string> addresses)
    {
        if (status is null) return -1;
        return status.Rules
            .Where(r => r.Balancer == balancer)
            .SelectMany(r => r.Members)
            .Where(m => m.Health == "draining" && addresses.Any(ip => m.Address.StartsWith(ip + ":", StringComparison.Ordinal)))
            .Sum(m => Math.Max(1, m.ActiveFlows));
    }
}
