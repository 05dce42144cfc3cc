using System.Globalization;
using Yarp.ReverseProxy.Model;

namespace Flotilla.Balancer.L7.Farms;

/// <summary>
/// Keys of the YARP cluster and destination metadata the farm policies read, and their parsing.
/// Values that do not parse fall back to the default: the router core validates config at its edge,
/// so a policy on the request path never throws for a bad value.
/// </summary>
public static class FarmMetadata
{
    /// <summary>Destination: integer share of new requests, default 1; 0 takes no new requests.</summary>
    public const string Weight = "Flotilla.Weight";

    /// <summary>Cluster: what <see cref="FarmPolicyNames.Hash"/> hashes: <c>url</c> (default), <c>query</c>, <c>header:NAME</c>, <c>var:NAME</c>.</summary>
    public const string HashOn = "Flotilla.HashOn";

    /// <summary>Cluster: status codes an active probe must return, e.g. <c>200</c>, <c>200-399</c> (default), <c>200,204</c>.</summary>
    public const string ExpectStatus = "Flotilla.ExpectStatus";

    /// <summary>Cluster: text the active probe's response body must contain (ARR's response match).</summary>
    public const string ExpectBody = "Flotilla.ExpectBody";

    /// <summary>Cluster: consecutive failed proxied requests that eject a destination, default 3.</summary>
    public const string ConsecutiveFailures = "Flotilla.ConsecutiveFailures";

    /// <summary>Cluster: seconds an ejected destination stays out, default 30.</summary>
    public const string EjectFor = "Flotilla.EjectFor";

    public const int DefaultWeight = 1;
    public const int DefaultConsecutiveFailures = 3;
    public static readonly TimeSpan DefaultEjectFor = TimeSpan.FromSeconds(30);

    /// <summary>The destination's weight; never negative.</summary>
    public static int WeightOf(DestinationState destination)
    {
        var metadata = destination.Model?.Config.Metadata;
        if (metadata is null || !metadata.TryGetValue(Weight, out var text))
        {
            return DefaultWeight;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var weight) ? weight : DefaultWeight;
    }

    public static string? Get(ClusterState cluster, string key) =>
        cluster.Model?.Config.Metadata is { } metadata && metadata.TryGetValue(key, out var value) ? value : null;

    public static int PositiveInt(ClusterState cluster, string key, int fallback) =>
        int.TryParse(Get(cluster, key), NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : fallback;

    public static TimeSpan Seconds(ClusterState cluster, string key, TimeSpan fallback) =>
        double.TryParse(Get(cluster, key), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value > 0
            ? TimeSpan.FromSeconds(value)
            : fallback;
}
