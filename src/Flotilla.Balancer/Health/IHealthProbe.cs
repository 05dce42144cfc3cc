using System.Net;

namespace Flotilla.Balancer.Health;

/// <summary>One way of asking a member whether it can take traffic (config: <c>protocol</c>).</summary>
public interface IHealthProbe
{
    /// <summary>The protocol name config uses: <c>tcp</c>, <c>http</c>, <c>https</c>.</summary>
    string Name { get; }

    /// <summary>Probes once; returns a failure rather than throwing for anything the target did.</summary>
    Task<ProbeResult> ProbeAsync(IPEndPoint target, CancellationToken cancellationToken);
}

/// <summary>The outcome of one probe: success, or why not.</summary>
public readonly record struct ProbeResult(bool Success, string? Failure)
{
    public static readonly ProbeResult Ok = new(true, null);

    public static ProbeResult Failed(string why) => new(false, why);
}
