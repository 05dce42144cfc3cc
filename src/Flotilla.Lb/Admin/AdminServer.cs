using System.Net;
using Flotilla.Balancer.Configuration;
using Flotilla.Balancer.L4.Explain;
using Flotilla.Balancer.Runtime;
using Prometheus;

namespace Flotilla.Lb.Admin;

/// <summary>The admin API: /healthz, /status (JSON), /metrics (Prometheus text), /explain.</summary>
internal static class AdminServer
{
    public static WebApplication Build(AdminConfig admin, LbRuntime runtime, ILoggerFactory loggers, Hosting.ConfigReloader? reloader = null)
    {
        // The content root is where the host watches appsettings files; left to the working directory it was "/" under
        // flotillad (which starts us there), and watching the whole file system took 1.7 s of CPU at start (bench/RESULTS.md).
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggers);
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Parse(admin.Address), admin.Port));
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.WriteIndented = true);
        var app = builder.Build();
        var rates = new FlowRates(runtime, TimeProvider.System);
        var metrics = new LbMetrics(runtime);
        var routerMetrics = new RouterMetricsExporter();
        app.Lifetime.ApplicationStopped.Register(() =>
        {
            rates.Dispose();
            metrics.Dispose();
            routerMetrics.Dispose();
        });

        // prometheus-net's meter adapter starts listening at its first collection: collect once now,
        // so the observable instruments are connected before the first scrape.
        app.Lifetime.ApplicationStarted.Register(() => _ = Metrics.DefaultRegistry.CollectAndExportAsTextAsync(Stream.Null));
        app.MapGet("/healthz", () => runtime.Current is null ? Results.StatusCode(503) : Results.Text("ok\n"));
        app.MapGet("/status", () => Results.Json(StatusReportBuilder.From(runtime, rates, reloader)));
        app.MapGet("/metrics", async (HttpContext context) =>
        {
            context.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
            await Metrics.DefaultRegistry.CollectAndExportAsTextAsync(context.Response.Body, context.RequestAborted);
        });
        app.MapGet("/explain", (string? rule, string? src) => Explain(runtime, rule, src));
        return app;
    }

    private static IResult Explain(LbRuntime runtime, string? ruleName, string? src)
    {
        if (string.IsNullOrEmpty(ruleName) || string.IsNullOrEmpty(src))
        {
            return Results.Problem("give ?rule=NAME&src=IP:PORT", statusCode: 400);
        }

        if (!IPEndPoint.TryParse(src, out var source))
        {
            return Results.Problem($"'{src}' is not IP:PORT", statusCode: 400);
        }

        if (runtime.FindRule(ruleName) is not { } rule)
        {
            return Results.Problem($"no rule '{ruleName}' (rules: {string.Join(", ", runtime.Rules.Select(r => r.Name))})", statusCode: 404);
        }

        var frontend = runtime.ListeningEndpoint(rule) ?? rule.Frontend;
        var explanation = FlowExplainer.Explain(rule, source, frontend, m => StatusReportBuilder.HealthName(m, runtime.ProbeTargetOf(rule, m)));
        return Results.Json(explanation);
    }
}
