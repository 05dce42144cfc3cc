using System.Text.Json.Serialization;

namespace Flotilla.Balancer.Contract.Config;

/// <summary>Where the admin API (/metrics, /healthz, /status, /explain) listens; port 0 lets the kernel choose; absent keys take the file's defaults.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record AdminEntry
{
    public string Address { get; init; } = "127.0.0.1";

    public int Port { get; init; } = 9900;
}
