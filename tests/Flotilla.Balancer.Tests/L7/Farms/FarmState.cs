using Flotilla.Balancer.L7.Farms;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Model;

namespace Flotilla.Balancer.Tests.L7.Farms;

/// <summary>YARP's own runtime model (<see cref="ClusterState"/>, <see cref="DestinationState"/>) built for unit tests of the policies.</summary>
internal static class FarmState
{
    public static (ClusterState Cluster, DestinationState[] Destinations) Cluster(params (string Id, int Weight)[] destinations) =>
        Cluster(new Dictionary<string, string>(), destinations);

    public static (ClusterState Cluster, DestinationState[] Destinations) Cluster(IReadOnlyDictionary<string, string> metadata, params (string Id, int Weight)[] destinations)
    {
        var config = new ClusterConfig { ClusterId = "farm", Metadata = metadata };
        var cluster = new ClusterState("farm", new ClusterModel(config, new HttpMessageInvoker(new SocketsHttpHandler())));
        var states = destinations.Select(d => Destination(d.Id, d.Weight)).ToArray();
        return (cluster, states);
    }

    public static DestinationState Destination(string id, int weight = 1) =>
        new(id, new DestinationModel(new DestinationConfig
        {
            Address = $"http://{id}.invalid/",
            Metadata = new Dictionary<string, string> { [FarmMetadata.Weight] = weight.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        }));
}
