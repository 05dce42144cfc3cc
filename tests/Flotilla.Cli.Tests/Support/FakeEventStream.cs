using System.Net;
using System.Text.Json;
using System.Threading.Channels;
using Flotilla.Api.Balancers;
using Flotilla.Api.Events;
using Flotilla.Api.Problems;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Flotilla.Cli.Tests.Support;

/// <summary>
/// A protocol fake of flotillad's side of <c>flotilla loadtest --stack</c>, on a UNIX socket: a stack's VMs (their
/// <c>stack</c> tag) and balancer (its <c>stack</c> label), the event list, and the event watch (NDJSON) that sends
/// what the test publishes. The same server answers the load itself on 127.0.0.1 port 0 as two backends,
/// "Hello from VM 0" and "Hello from VM 1" in turn. Answers are the API's records written as the daemon writes them
/// (<see cref="DaemonJson"/>).
/// </summary>
public sealed class FakeEventStream : IAsyncDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("flotev-").FullName;
    private readonly Channel<HostEvent> _published = Channel.CreateUnbounded<HostEvent>();
    private readonly TaskCompletionSource<long> _watching = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Dictionary<string, string?> _vms = new(StringComparer.Ordinal);
    private WebApplication _app = null!;
    private long _id = 41;
    private long _hits;

    public string SocketPath => Path.Combine(_dir, "flotillad.sock");

    public string UnixEndpoint => "unix:" + SocketPath;

    /// <summary>The load's target: <c>http://127.0.0.1:PORT/</c>.</summary>
    public string Url { get; private set; } = "";

    /// <summary>Completes with the <c>since</c> of the first watch, once it is open.</summary>
    public Task<long> Watching => _watching.Task;

    public static async Task<FakeEventStream> StartAsync(string stack, IReadOnlyDictionary<string, string?> vms)
    {
        var fake = new FakeEventStream();
        foreach (var (name, owner) in vms) fake._vms[name] = owner;
        await fake.RunAsync(stack);
        return fake;
    }

    /// <summary>An event as the daemon stores it, stamped now; sent to the watch.</summary>
    public DateTimeOffset Publish(string type, string @object, string message)
    {
        var time = DateTimeOffset.UtcNow;
        _published.Writer.TryWrite(new HostEvent(Interlocked.Increment(ref _id), time, type, @object, message));
        return time;
    }

    public async ValueTask DisposeAsync()
    {
        _published.Writer.TryComplete();
        await _app.StopAsync();
        await _app.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    private async Task RunAsync(string stack)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.ListenUnixSocket(SocketPath);
            kestrel.Listen(IPAddress.Loopback, 0);
        });
        _app = builder.Build();
        _app.MapGet("/", () => $"Hello from VM {Interlocked.Increment(ref _hits) % 2}\n");
        _app.MapGet("/v1/vms", () => Results.Json<IReadOnlyList<VmView>>([.. _vms.Select(v => Vm(v.Key, v.Value))], DaemonJson.Options));
        _app.MapGet("/v1/vms/{name}", (string name) => _vms.TryGetValue(name, out var owner) ? Results.Json(Vm(name, owner), DaemonJson.Options) : NotFound("vm", name));
        _app.MapGet("/v1/balancers", () => Results.Json<IReadOnlyList<Balancer>>([Balancer("web", stack), Balancer("other", null)], DaemonJson.Options));
        _app.MapGet("/v1/events", async (HttpContext context, long? since, bool? watch) =>
        {
            // One event from before the run: a watch from the newest must not replay it.
            var old = new HostEvent(41, DateTimeOffset.UtcNow.AddMinutes(-5), "vm.state", "vm/web-0", "running");
            if (watch != true) return Results.Json<IReadOnlyList<HostEvent>>([old], DaemonJson.Options);
            _watching.TrySetResult(since ?? 0);
            context.Response.ContentType = "application/x-ndjson";
            await context.Response.StartAsync(context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            try
            {
                await foreach (var e in _published.Reader.ReadAllAsync(context.RequestAborted))
                {
                    await context.Response.WriteAsync(JsonSerializer.Serialize(e, DaemonJson.Options) + "\n", context.RequestAborted);
                    await context.Response.Body.FlushAsync(context.RequestAborted);
                }
            }
            catch (OperationCanceledException)
            {
                // The CLI hung up: its run is over.
            }
            return Results.Empty;
        });
        await _app.StartAsync();
        var addresses = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        Url = addresses.First(a => a.StartsWith("http://127.0.0.1:", StringComparison.Ordinal)) + "/";
    }

    private static VmView Vm(string name, string? stack) => new(
        name,
        1,
        new VmSpec
        {
            Name = name, Template = "tiny-web", Cpus = 1, MemoryMiB = 128, Power = PowerState.Running, OnCrash = CrashPolicy.Restart, Stack = stack,
            Mac = "52:54:00:00:00:01", InstanceId = "i-" + name,
            Nics = [new VmNic { Network = "web", Address = "10.0.1.4", PrefixLength = 24, Mac = "52:54:00:00:00:01" }],
        },
        new VmStatus { State = VmState.Running, Host = "host-test" });

    private static Balancer Balancer(string name, string? stack) => new()
    {
        Name = name,
        Revision = 1,
        Spec = new BalancerSpec
        {
            FrontendAddress = "127.0.0.1",
            Rules = [new BalancerRule("http", "tcp", FrontendPort: 80, BackendPort: 80, BackendPool: "web", Probe: null)],
            Labels = stack is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["stack"] = stack },
        },
        Status = new BalancerStatus { Process = "running", Live = true },
    };

    private static IResult NotFound(string kind, string name) => Results.Json(
        new ApiProblem { Type = $"https://flotilla.dev/problems/{kind}-not-found", Title = "Not found", Status = 404, Detail = $"no {kind} '{name}'" },
        DaemonJson.Options, "application/problem+json", 404);
}
