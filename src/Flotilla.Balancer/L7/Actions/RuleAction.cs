using Flotilla.Balancer.L7.Rules;
using Microsoft.AspNetCore.Http;

namespace Flotilla.Balancer.L7.Actions;

/// <summary>What a matching rule does with the request. <paramref name="next"/> leads to YARP's proxy pipeline.</summary>
internal abstract class RuleAction
{
    /// <summary>The farm requests go to, for metrics; null for answers the router gives itself.</summary>
    public virtual string? Farm => null;

    public abstract Task ExecuteAsync(HttpContext context, RuleMatch match, RequestDelegate next);
}
