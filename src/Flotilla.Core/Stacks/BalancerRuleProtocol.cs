namespace Flotilla.Core.Stacks;

/// <summary>The transport a rule balances (flotilla-lb's RuleProtocol).</summary>
public enum BalancerRuleProtocol
{
    Tcp,
    Udp,
}
