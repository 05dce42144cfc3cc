using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Flotilla.Balancer.Tests.L7.Farms;

/// <summary>A real Kestrel content server on a loopback port: answers its name, counts hits, and can be told to misbehave.</summary>
public sealed class FarmBackend : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _hits;
    private int _stopped;

    private FarmBackend(string name, WebApplication app, string url)
    {
        Name = name;
        _app = app;
        Url = url;
    }

    public string Name { get; }

    public string Url { get; }

    public int Hits => Volatile.Read(ref _hits);

    /// <summary>Status of proxied (non-/health) requests.</summary>
    public int Status { get; set; } = 200;

    /// <summary>Delay before answering proxied requests.</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>Body of /health.</summary>
    public string HealthBody { get; set; } = "OK";

    public static async Task<FarmBackend> StartAsync(string name)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        FarmBackend? self = null;
        app.Run(context => self!.HandleAsync(context));
        await app.StartAsync();
        var url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        self = new FarmBackend(name, app, url);
        return self;
    }

    public static async Task<FarmBackend[]> StartManyAsync(params string[] names) => await Task.WhenAll(names.Select(StartAsync));

    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 0)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    public ValueTask DisposeAsync() => new(StopAsync());

    private async Task HandleAsync(HttpContext context)
    {
        if (context.Request.Path == "/health")
        {
            await context.Response.WriteAsync(HealthBody);
            return;
        }

        Interlocked.Increment(ref _hits);
        if (Delay > TimeSpan.Zero)
        {
            await Task.Delay(Delay, context.RequestAborted);
        }

        context.Response.StatusCode = Status;
        await context.Response.WriteAsync(Name);
    }
}
