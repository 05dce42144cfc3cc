using System.Net.Sockets;
using Flotilla.Balancer.L7.Actions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;

namespace Flotilla.Balancer.L7.Proxy;

/// <summary>
/// Retries a request on another member when the connect to the chosen one failed, ARR-style. It
/// wraps affinity, load balancing and passive health in YARP's proxy pipeline, so each attempt is
/// balanced and reported like a first one. Only when nothing can have reached the member or the
/// client: an idempotent method, no request body, the response not started, and a connect-level
/// error (the request was never sent).
/// </summary>
internal static class ConnectRetry
{
    public static async Task InvokeAsync(HttpContext context, Func<Task> next)
    {
        var proxy = context.GetReverseProxyFeature();
        var retries = context.Features.Get<RouterDecision>()?.Retries ?? 0;
        var candidates = proxy.AvailableDestinations;
        List<DestinationState>? failed = null;
        for (var attempt = 0; ; attempt++)
        {
            await next().ConfigureAwait(false);
            if (attempt >= retries || !Retryable(context) || proxy.ProxiedDestination is not { } tried)
            {
                return;
            }

            (failed ??= []).Add(tried);
            var remaining = candidates.Where(d => !failed.Contains(d)).ToList();
            if (remaining.Count == 0)
            {
                return;
            }

            proxy.AvailableDestinations = remaining;
            proxy.ProxiedDestination = null;
            context.Features.Set<IForwarderErrorFeature>(null);
            context.Response.Clear();
        }
    }

    private static bool Retryable(HttpContext context)
    {
        if (context.GetForwarderErrorFeature() is not { } error || context.Response.HasStarted)
        {
            return false;
        }

        var method = context.Request.Method;
        var idempotent = HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method)
            || HttpMethods.IsTrace(method) || HttpMethods.IsPut(method) || HttpMethods.IsDelete(method);
        var noBody = context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody == false;
        return idempotent && noBody && error.Error is ForwarderError.Request or ForwarderError.RequestTimedOut && IsConnectFailure(error.Exception);
    }

    private static bool IsConnectFailure(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError } or SocketException)
            {
                return true;
            }
        }

        return false;
    }
}
