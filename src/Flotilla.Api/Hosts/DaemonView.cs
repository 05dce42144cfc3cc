namespace Flotilla.Api.Hosts;

/// <summary>
/// <c>GET /v1/daemon</c>: this flotillad process, so <c>flotilla daemon status|stop</c> can tell which daemon answers and
/// wait for that process to exit.
/// </summary>
public sealed record DaemonView(int Pid, string Host, string DataDir, string Listen, DateTimeOffset StartedAt);
