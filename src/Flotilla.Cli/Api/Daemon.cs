namespace Flotilla.Cli.Api;

/// <summary>The <c>Daemon</c> resource (<c>GET /v1/daemon</c>): the flotillad process that answers.</summary>
internal sealed record Daemon
{
    public int Pid { get; init; }
    public string Host { get; init; } = "";
    public string DataDir { get; init; } = "";
    public string Listen { get; init; } = "";
    public DateTimeOffset StartedAt { get; init; }
}
