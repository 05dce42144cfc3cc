using Flotilla.Balancer.Contract.Status;

namespace Flotilla.Daemon.Balancers;

/// <summary>
/// The API's view of flotilla-lb's <c>/status</c>: the fields a user reads of each rule and router, the rest (counters,
/// weights, policies) stay with flotilla-lb's own /status and /metrics. The one place the contract meets the API.
/// </summary>
internal static class LbStatusViews
{
    public static LbRuleStatus Rule(RuleStatus rule) => new()
    {
        Balancer = rule.Balancer,
        Name = rule.Name,
        Frontend = rule.Frontend,
        ActiveFlows = rule.ActiveFlows,
        Members = [.. rule.Members.Select(Member)],
        Live = rule.Live,
        BindError = rule.BindError,
    };

    public static LbRouterStatus Router(RouterStatus router) => new()
    {
        Name = router.Name,
        Listeners = router.Listeners,
        Farms = [.. router.Farms.Select(Farm)],
    };

    private static LbMemberStatus Member(MemberStatus member) => new()
    {
        Address = member.Address,
        Health = member.Health,
        InRotation = member.InRotation,
        ActiveFlows = member.ActiveFlows,
        LastProbeFailure = member.LastProbeFailure,
        LastProbeSuccess = member.LastProbeSuccess,
        Namespace = member.Namespace,
    };

    private static LbFarmStatus Farm(FarmStatus farm) => new()
    {
        Name = farm.Name,
        Namespace = farm.Namespace,
        Members = [.. farm.Members.Select(m => new LbFarmMemberStatus { Member = m.Member, Address = m.Address, Active = m.Active, Passive = m.Passive, InRotation = m.InRotation })],
    };
}
