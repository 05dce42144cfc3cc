using Microsoft.AspNetCore.Builder;

namespace Flotilla.Balancer.L7.Farms;

/// <summary>What the router core adds to its YARP pipeline for the farm policies.</summary>
public static class FarmPipelineExtensions
{
    /// <summary>
    /// Records response times for <see cref="FarmPolicyNames.LeastResponseTime"/>. Call it in
    /// <c>MapReverseProxy(pipeline =&gt; { pipeline.UseSessionAffinity(); pipeline.UseLoadBalancing();
    /// pipeline.UsePassiveHealthChecks(); pipeline.UseFlotillaFarmTimings(); })</c>, after load
    /// balancing (it reads the destination the forwarder used). Without it least response time
    /// sees no samples and degrades to least requests.
    /// </summary>
    public static IReverseProxyApplicationBuilder UseFlotillaFarmTimings(this IReverseProxyApplicationBuilder pipeline)
    {
        pipeline.UseMiddleware<FarmTimingMiddleware>();
        return pipeline;
    }
}
