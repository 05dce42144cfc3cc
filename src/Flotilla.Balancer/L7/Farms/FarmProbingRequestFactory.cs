using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.Net.Http.Headers;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.Model;

namespace Flotilla.Balancer.L7.Farms;

/// <summary>
/// Builds active probes as YARP does (GET the destination's health address, or its address,
/// plus the cluster's probe path and query; the cluster's HTTP version; the destination's Host
/// override), but as a <see cref="ProbeRequestMessage"/> that asks for its body to be buffered
/// when the cluster has <see cref="FarmMetadata.ExpectBody"/>.
/// </summary>
internal sealed class FarmProbingRequestFactory : IProbingRequestFactory
{
    private const string UserAgent = "Flotilla (active health check)";

    public HttpRequestMessage CreateRequest(ClusterModel cluster, DestinationModel destination)
    {
        var address = string.IsNullOrEmpty(destination.Config.Health) ? destination.Config.Address : destination.Config.Health;
        var active = cluster.Config.HealthCheck?.Active;
        UriHelper.FromAbsolute(address, out var scheme, out var host, out var pathBase, out _, out _);
        var uri = UriHelper.BuildAbsolute(scheme, host, pathBase, active?.Path, QueryString.FromUriComponent(active?.Query ?? ""));

        var request = new ProbeRequestMessage(HttpMethod.Get, new Uri(uri))
        {
            BufferBody = cluster.Config.Metadata?.ContainsKey(FarmMetadata.ExpectBody) == true,
            Version = cluster.Config.HttpRequest?.Version ?? HttpVersion.Version20,
            VersionPolicy = cluster.Config.HttpRequest?.VersionPolicy ?? HttpVersionPolicy.RequestVersionOrLower,
        };

        if (!string.IsNullOrEmpty(destination.Config.Host))
        {
            request.Headers.Host = destination.Config.Host;
        }

        request.Headers.TryAddWithoutValidation(HeaderNames.UserAgent, UserAgent);
        return request;
    }
}
