using Flotilla.Balancer.L7.Rules;
using Microsoft.AspNetCore.Http;

namespace Flotilla.Balancer.L7.Actions;

/// <summary>
/// Sends the request on to a farm through YARP. The rewrite changes <c>Request.Path</c> (and the
/// query when the template has a <c>?</c>; else the query is kept, ARR's appendQueryString),
/// which YARP's default transform copies to the outgoing request.
/// </summary>
internal sealed class ForwardAction(string rule, string farm, int retries, UrlTemplate? rewrite) : RuleAction
{
    public override string? Farm => farm;

    public override Task ExecuteAsync(HttpContext context, RuleMatch match, RequestDelegate next)
    {
        if (rewrite is not null)
        {
            var target = rewrite.Render(context, match);
            var question = target.IndexOf('?', StringComparison.Ordinal);
            if (question >= 0)
            {
                context.Request.QueryString = question == target.Length - 1 ? QueryString.Empty : new QueryString(target[question..]);
                target = target[..question];
            }

            context.Request.Path = new PathString(target.StartsWith('/') ? target : "/" + target);
        }

        context.Features.Set(new RouterDecision(rule, farm, retries));
        return next(context);
    }
}
