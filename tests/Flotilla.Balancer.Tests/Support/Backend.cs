using System.Net;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Flotilla.Balancer.Tests.Support;

/// <summary>
/// A real Kestrel content server on loopback: answers <c>{name} {METHOD} {path?query}</c>, echoes the
/// X-Forwarded-* headers it got as X-Seen-*, echoes WebSocket messages on <c>/ws</c>, waits on
/// <c>/slow</c>, and answers <c>/healthz</c> with <see cref="HealthStatus"/>.
/// </summary>
public sealed class Backend : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _requests;

    private Backend(WebApplication app, string name)
    {
        _app = app;
        Name = name;
    }

    public string Name { get; }

    public int Port => new Uri(_app.Urls.First()).Port;

    public int Requests => Volatile.Read(ref _requests);

    public int HealthStatus { get; set; } = 200;

    public static async Task<Backend> StartAsync(string name)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var backend = new Backend(app, name);
        app.UseWebSockets();
        app.Run(backend.HandleAsync);
        await app.StartAsync();
        return backend;
    }

    private async Task HandleAsync(HttpContext context)
    {
        Interlocked.Increment(ref _requests);
        var request = context.Request;
        if (request.Path == "/healthz")
        {
            context.Response.StatusCode = HealthStatus;
            await context.Response.WriteAsync(HealthStatus == 200 ? "ok" : "sick");
            return;
        }

        if (request.Path == "/ws" && context.WebSockets.IsWebSocketRequest)
        {
            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            var buffer = new byte[1024];
            while (true)
            {
                var received = await socket.ReceiveAsync(buffer, context.RequestAborted);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, context.RequestAborted);
                    return;
                }

                var reply = System.Text.Encoding.UTF8.GetBytes($"{Name} echo ").Concat(buffer[..received.Count]).ToArray();
                await socket.SendAsync(reply, WebSocketMessageType.Text, true, context.RequestAborted);
            }
        }

        if (request.Path == "/slow")
        {
            await Task.Delay(TimeSpan.FromSeconds(10), context.RequestAborted);
        }

        foreach (var name in new[] { "X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host" })
        {
            context.Response.Headers["X-Seen-" + name[12..]] = request.Headers[name];
        }

        context.Response.Headers["X-Seen-Protocol"] = request.Protocol;
        await context.Response.WriteAsync($"{Name} {request.Method} {request.Path}{request.QueryString}");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
