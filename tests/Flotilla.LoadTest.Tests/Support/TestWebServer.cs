using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Flotilla.LoadTest.Tests.Support;

/// <summary>
/// An in-process Kestrel on 127.0.0.1 with controllable latency and failures:
/// <c>/hello</c> (one body), <c>/vm</c> ("Hello from VM n", n cycling 0..2), <c>/slow?ms=N</c>,
/// <c>/status/N</c>, <c>/chunked</c>, <c>/close</c> (Connection: close).
/// </summary>
public sealed class TestWebServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _vm;
    private int _requests;

    private TestWebServer(WebApplication app) => _app = app;

    public string Url { get; private set; } = "";
    public int Requests => Volatile.Read(ref _requests);

    public static async Task<TestWebServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new TestWebServer(app);
        app.Use(async (context, next) =>
        {
            Interlocked.Increment(ref server._requests);
            await next(context);
        });
        app.MapGet("/hello", () => "Hello from VM 0");
        app.MapGet("/vm", () => $"Hello from VM {Interlocked.Increment(ref server._vm) % 3}");
        app.MapGet("/slow", async (int ms, CancellationToken ct) =>
        {
            await Task.Delay(ms, ct);
            return "slow";
        });
        app.MapGet("/status/{code:int}", (int code) => Microsoft.AspNetCore.Http.Results.Text($"status {code}", statusCode: code));
        app.MapGet("/chunked", async (HttpContext context) =>
        {
            foreach (var part in new[] { "Hello ", "from ", "VM 1" })
            {
                await context.Response.WriteAsync(part);
                await context.Response.Body.FlushAsync();
            }
        });
        app.MapGet("/close", (HttpContext context) =>
        {
            context.Response.Headers.Connection = "close";
            return "closing";
        });
        await app.StartAsync();
        server.Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
