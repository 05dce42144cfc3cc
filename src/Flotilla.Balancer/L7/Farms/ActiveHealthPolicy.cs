using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.Model;

namespace Flotilla.Balancer.L7.Farms;

/// <summary>
/// ARR's health test: a destination is healthy when its probe answered with a status in
/// <see cref="FarmMetadata.ExpectStatus"/> and, if <see cref="FarmMetadata.ExpectBody"/> is set, a
/// body containing that text (ordinal, case-sensitive, as ARR's response match). One probe decides,
/// both ways, like ARR: the interval is the smoothing.
/// <para>
/// The body is read from memory: <see cref="FarmProbingRequestFactory"/> marks probes of such
/// clusters and <see cref="ProbeBodyHandler"/> buffers them. A response that arrives unbuffered
/// (the client factory was replaced after <c>AddFlotillaFarmPolicies</c>) fails the probe and is
/// logged, rather than block a thread reading the network.
/// </para>
/// </summary>
internal sealed partial class ActiveHealthPolicy(IDestinationHealthUpdater healthUpdater, ILogger<ActiveHealthPolicy> logger) : IActiveHealthCheckPolicy
{
    private readonly ConditionalWeakTable<ClusterModel, ExpectedStatus> _statuses = new();

    public string Name => FarmPolicyNames.ActiveHealth;

    public void ProbingCompleted(ClusterState cluster, IReadOnlyList<DestinationProbingResult> probingResults)
    {
        if (probingResults.Count == 0)
        {
            return;
        }

        var expected = _statuses.GetValue(cluster.Model, _ => ExpectedStatus.Parse(FarmMetadata.Get(cluster, FarmMetadata.ExpectStatus)) ?? ExpectedStatus.Default);
        var body = FarmMetadata.Get(cluster, FarmMetadata.ExpectBody);
        var results = new NewActiveDestinationHealth[probingResults.Count];
        for (var i = 0; i < probingResults.Count; i++)
        {
            var result = probingResults[i];
            var healthy = result.Response is { } response && expected.Matches((int)response.StatusCode) && BodyMatches(cluster, result.Destination, response, body);
            results[i] = new NewActiveDestinationHealth(result.Destination, healthy ? DestinationHealth.Healthy : DestinationHealth.Unhealthy);
        }

        healthUpdater.SetActive(cluster, results);
    }

    private bool BodyMatches(ClusterState cluster, DestinationState destination, HttpResponseMessage response, string? expectedText)
    {
        if (string.IsNullOrEmpty(expectedText))
        {
            return true;
        }

        if (response.RequestMessage is not ProbeRequestMessage { BodyBuffered: true })
        {
            Log.BodyNotBuffered(logger, cluster.ClusterId, destination.DestinationId);
            return false;
        }

        // Buffered content: this read copies from memory and cannot block.
        using var reader = new StreamReader(response.Content.ReadAsStream());
        return reader.ReadToEnd().Contains(expectedText, StringComparison.Ordinal);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 711, Level = LogLevel.Error, Message = "Probe of {DestinationId} in cluster {ClusterId} arrived with an unbuffered body; register the forwarder client factory before AddFlotillaFarmPolicies so its response match can run")]
        public static partial void BodyNotBuffered(ILogger logger, string clusterId, string destinationId);
    }
}
