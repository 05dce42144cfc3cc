using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using AspResults = Microsoft.AspNetCore.Http.Results;
using Microsoft.Extensions.Logging;

namespace Flotilla.LoadTest.Tests.Scripting;

/// <summary>
/// An in-process Kestrel on 127.0.0.1, port 0, with the endpoints the script tests call: echoes,
/// JSON, statuses, a redirect, a request that never answers (until the client goes away) and a
/// gate that answers only once several requests wait at it at the same time.
/// </summary>
public sealed class ScriptTestServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _slowRequests;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Gate> _gates = new();

    private sealed class Gate
    {
        public int Waiting;
        public readonly SemaphoreSlim Open = new(0);
    }

    private ScriptTestServer(WebApplication app) => _app = app;

    public string Url { get; private set; } = "";

    /// <summary>Requests to <c>/slow</c> that have arrived (they never get an answer).</summary>
    public int SlowRequests => Volatile.Read(ref _slowRequests);

    public static async Task<ScriptTestServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new ScriptTestServer(app);
        server.Map();
        await app.StartAsync();
        server.Url = app.Urls.First();
        return server;
    }

    private void Map()
    {
        _app.MapGet("/", () => "hello");
        _app.MapGet("/text/{value}", (string value) => value);
        _app.MapGet("/json", () => AspResults.Json(new { name = "flotilla", items = new[] { 1, 2, 3 } }));
        _app.MapGet("/status/{code:int}", (int code) => AspResults.Text($"status {code}", statusCode: code));
        _app.MapGet("/redirect", () => AspResults.Redirect("/text/landed"));
        _app.MapPost("/redirect", () => AspResults.Redirect("/method"));
        _app.Map("/method", (HttpRequest request) => request.Method);
        _app.MapGet("/headers", (HttpRequest request) => AspResults.Json(request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString())));
        _app.MapGet("/multi", (HttpResponse response) =>
        {
            response.Headers.Append("x-multi", "one");
            response.Headers.Append("x-multi", "two");
            return "multi";
        });
        _app.Map("/echo", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            var body = await reader.ReadToEndAsync();
            return AspResults.Json(new { method = request.Method, contentType = request.ContentType ?? "", body });
        });
        _app.MapGet("/slow", async (HttpContext context) =>
        {
            Interlocked.Increment(ref _slowRequests);
            try
            {
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                // The client gave up, which is what the test wants.
            }
        });
        _app.MapGet("/gate/{name}/{count:int}/{id}", async (string name, int count, string id) =>
        {
            // Answers once `count` requests wait at this gate together: requests sent one after another never get through.
            var gate = _gates.GetOrAdd(name, _ => new Gate());
            if (Interlocked.Increment(ref gate.Waiting) == count) gate.Open.Release(count);
            var open = await gate.Open.WaitAsync(TimeSpan.FromSeconds(10));
            return open ? id : "gate timed out";
        });
        _app.MapGet("/delay/{ms:int}/{id}", async (int ms, string id) =>
        {
            await Task.Delay(ms);
            return id;
        });
    }

    public static string Json(object value) => JsonSerializer.Serialize(value);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        foreach (var gate in _gates.Values) gate.Open.Dispose();
    }
}
