namespace Flotilla.Daemon.Balancers;

/// <summary>The values of <see cref="LbState.Process"/> (and of a balancer's <c>status.process</c>).</summary>
internal static class LbProcessStates
{
    /// <summary>No balancer: no process.</summary>
    public const string Stopped = "stopped";

    /// <summary>Started, its config not live yet.</summary>
    public const string Starting = "starting";

    public const string Running = "running";

    /// <summary>It died; started again after a back-off.</summary>
    public const string Restarting = "restarting";
}
