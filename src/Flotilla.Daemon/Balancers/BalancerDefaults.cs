namespace Flotilla.Daemon.Balancers;

/// <summary>What a balancer gets when its spec does not say.</summary>
internal static class BalancerDefaults
{
    /// <summary>The host's loopback, as the issue asks: a frontend is public only when the user says so.</summary>
    public const string FrontendAddress = "127.0.0.1";
}
