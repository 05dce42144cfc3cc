using Flotilla.Balancer.L7.Rules;
using Microsoft.AspNetCore.Http;

namespace Flotilla.Balancer.L7.Actions;

/// <summary>Answers with a fixed status and body (ARR's custom response), e.g. 403 for a blocked network.</summary>
internal sealed class StatusAction(int code, string? body) : RuleAction
{
    public override async Task ExecuteAsync(HttpContext context, RuleMatch match, RequestDelegate next)
    {
        context.Response.StatusCode = code;
        if (body is not null)
        {
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
        }
    }
}
