namespace Flotilla.Balancer.L7.Farms;

/// <summary>
/// The names the router config refers to (YARP's <c>LoadBalancingPolicy</c>, <c>SessionAffinity.Policy</c>,
/// <c>HealthCheck.Active.Policy</c>, <c>HealthCheck.Passive.Policy</c>). They are a contract with the router core.
/// </summary>
public static class FarmPolicyNames
{
    public const string WeightedRoundRobin = "FlotillaWeightedRoundRobin";
    public const string LeastResponseTime = "FlotillaLeastResponseTime";
    public const string Hash = "FlotillaHash";
    public const string HostNameAffinity = "FlotillaHostName";
    public const string ActiveHealth = "FlotillaActive";
    public const string ConsecutiveFailures = "FlotillaConsecutiveFailures";
}
