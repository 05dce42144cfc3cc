using Flotilla.Balancer.L7.Rules;
using Microsoft.AspNetCore.Http;

namespace Flotilla.Balancer.L7.Actions;

/// <summary>Answers with a redirect to the rendered URL template (e.g. <c>https://{HTTP_HOST}{REQUEST_URI}</c>).</summary>
internal sealed class RedirectAction(UrlTemplate url, int status) : RuleAction
{
    public override Task ExecuteAsync(HttpContext context, RuleMatch match, RequestDelegate next)
    {
        context.Response.StatusCode = status;
        context.Response.Headers.Location = url.Render(context, match);
        return Task.CompletedTask;
    }
}
