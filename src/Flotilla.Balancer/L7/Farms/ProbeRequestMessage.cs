namespace Flotilla.Balancer.L7.Farms;

/// <summary>
/// An active health probe. Its own type (not an option in <see cref="HttpRequestMessage.Options"/>,
/// whose dictionary would be allocated for every proxied request that is asked) lets
/// <see cref="ProbeBodyHandler"/> tell probes from proxied traffic with one type test.
/// </summary>
internal sealed class ProbeRequestMessage(HttpMethod method, Uri uri) : HttpRequestMessage(method, uri)
{
    /// <summary>Read the body into memory before YARP hands the response to the policy; set when the cluster has <see cref="FarmMetadata.ExpectBody"/>.</summary>
    public bool BufferBody { get; init; }

    /// <summary>Set by <see cref="ProbeBodyHandler"/> once the body is in memory and can be read without blocking.</summary>
    public bool BodyBuffered { get; set; }
}
