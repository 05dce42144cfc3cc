namespace Flotilla.Daemon.Balancers;

/// <summary>Where the host's flotilla-lb keeps its files: <c>DATA_DIR/lb/</c>, gone with the last balancer.</summary>
internal sealed record LbPaths(string Dir)
{
    public static LbPaths Under(string dataDir) => new(Path.Combine(dataDir, "lb"));

    public string Config => Path.Combine(Dir, "lb.yaml");
    public string PidFile => Path.Combine(Dir, "flotilla-lb.pid");
    public string Log => Path.Combine(Dir, "flotilla-lb.log");

    /// <summary>The datagram socket flotilla-lb sends <c>READY=1</c> to (its <c>NOTIFY_SOCKET</c>); see <see cref="LbReadySocket"/>.</summary>
    public string NotifySocket => Path.Combine(Dir, "notify.sock");
}
