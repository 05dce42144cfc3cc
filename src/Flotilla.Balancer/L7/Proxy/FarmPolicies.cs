using System.Globalization;
using Flotilla.Balancer.Configuration.Routers;
using Yarp.ReverseProxy.Configuration;

namespace Flotilla.Balancer.L7.Proxy;

/// <summary>
/// The one place a farm's config becomes YARP policy names and metadata: the contract with the
/// farm policies (<c>L7/Farms</c>, <c>AddFlotillaFarmPolicies</c>), which register the
/// <c>Flotilla*</c> names and read these metadata keys. YARP's built-ins are used where they fit
/// (round robin, least requests, power of two choices, cookie affinity).
/// </summary>
internal static class FarmPolicies
{
    public const string WeightKey = "Flotilla.Weight";
    public const string HashOnKey = "Flotilla.HashOn";
    public const string ExpectStatusKey = "Flotilla.ExpectStatus";
    public const string ExpectBodyKey = "Flotilla.ExpectBody";
    public const string ConsecutiveFailuresKey = "Flotilla.ConsecutiveFailures";
    public const string EjectForKey = "Flotilla.EjectFor";

    /// <summary>Ours, read by <see cref="RouterHttpClientFactory"/>: a change of value means a new HTTP client.</summary>
    public const string NamespaceKey = "Flotilla.Namespace";
    public const string ConnectTimeoutKey = "Flotilla.ConnectTimeout";

    public const string CookieAffinity = "Cookie";
    public const string HostNameAffinity = "FlotillaHostName";
    public const string ActiveHealth = "FlotillaActive";
    public const string PassiveHealth = "FlotillaConsecutiveFailures";

    public static string LoadBalancing(FarmAlgorithm algorithm) => algorithm switch
    {
        FarmAlgorithm.RoundRobin => "RoundRobin",
        FarmAlgorithm.LeastRequests => "LeastRequests",
        FarmAlgorithm.PowerOfTwoChoices => "PowerOfTwoChoices",
        FarmAlgorithm.WeightedRoundRobin => "FlotillaWeightedRoundRobin",
        FarmAlgorithm.LeastResponseTime => "FlotillaLeastResponseTime",
        _ => "FlotillaHash",
    };

    /// <summary>The YARP cluster of a farm; <paramref name="namespaceId"/> names the namespace instance its sockets are made in.</summary>
    public static ClusterConfig Cluster(FarmConfig farm, string? namespaceId)
    {
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [ConnectTimeoutKey] = Text(farm.ConnectTimeoutSeconds),
        };
        if (namespaceId is not null)
        {
            metadata[NamespaceKey] = namespaceId;
        }

        if (farm.HashOn is { } hashOn)
        {
            metadata[HashOnKey] = hashOn;
        }

        if (farm.ActiveHealth is { } active)
        {
            metadata[ExpectStatusKey] = active.ExpectStatus;
            if (active.ExpectBody is { } body)
            {
                metadata[ExpectBodyKey] = body;
            }
        }

        if (farm.PassiveHealth is { } passive)
        {
            metadata[ConsecutiveFailuresKey] = Text(passive.ConsecutiveFailures);
            metadata[EjectForKey] = Text(passive.EjectForSeconds);
        }

        return new ClusterConfig
        {
            ClusterId = farm.Name,
            LoadBalancingPolicy = LoadBalancing(farm.Algorithm),
            SessionAffinity = farm.Affinity is { } affinity ? new SessionAffinityConfig
            {
                Enabled = true,
                Policy = affinity.Mode == AffinityMode.Cookie ? CookieAffinity : HostNameAffinity,
                FailurePolicy = "Redistribute",
                AffinityKeyName = affinity.Mode == AffinityMode.Cookie ? affinity.CookieName : farm.Name,
            } : null,
            HealthCheck = farm.ActiveHealth is null && farm.PassiveHealth is null ? null : new HealthCheckConfig
            {
                Active = farm.ActiveHealth is { } a ? new ActiveHealthCheckConfig
                {
                    Enabled = true,
                    Interval = TimeSpan.FromSeconds(a.IntervalSeconds),
                    Timeout = TimeSpan.FromSeconds(a.TimeoutSeconds),
                    Policy = ActiveHealth,
                    Path = a.Path,
                } : null,
                Passive = farm.PassiveHealth is { } p ? new PassiveHealthCheckConfig
                {
                    Enabled = true,
                    Policy = PassiveHealth,
                    ReactivationPeriod = TimeSpan.FromSeconds(p.EjectForSeconds),
                } : null,
            },
            HttpRequest = new Yarp.ReverseProxy.Forwarder.ForwarderRequestConfig { ActivityTimeout = TimeSpan.FromSeconds(farm.RequestTimeoutSeconds) },
            Metadata = metadata,
            Destinations = farm.Members.ToDictionary(m => m.Key, m => new DestinationConfig
            {
                Address = $"http://{new System.Net.IPEndPoint(System.Net.IPAddress.Parse(m.Address), m.Port)}/",
                Metadata = new Dictionary<string, string> { [WeightKey] = Text(m.Weight) },
            }, StringComparer.Ordinal),
        };
    }

    /// <summary>The policy names a farm needs registered, as (kind, name) for an error that says which is missing.</summary>
    public static IEnumerable<(string Kind, string Setting, string Name)> Required(FarmConfig farm)
    {
        yield return ("load-balancing", $"algorithm {farm.Algorithm}", LoadBalancing(farm.Algorithm));
        if (farm.Affinity is { } affinity)
        {
            yield return ("session-affinity", $"affinity {affinity.Mode}", affinity.Mode == AffinityMode.Cookie ? CookieAffinity : HostNameAffinity);
        }

        if (farm.ActiveHealth is not null)
        {
            yield return ("active health", "health.active", ActiveHealth);
        }

        if (farm.PassiveHealth is not null)
        {
            yield return ("passive health", "health.passive", PassiveHealth);
        }
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
