using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Flotilla.Api.Hosts;
using Flotilla.Api.Json;
using Flotilla.Api.Problems;
using Flotilla.Api.Snapshots;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Flotilla.Cli.Tests.Support;

/// <summary>
/// A protocol fake of flotillad for the CLI's tests: docs/api.md's endpoints, problem types and
/// bearer-token rule, served by Kestrel on a UNIX socket in a temp dir (and, if asked, on
/// 127.0.0.1 port 0), over an in-memory dictionary. No QEMU: a VM's status follows its spec
/// <see cref="ReconcileDelay"/> after each change. Answers are the API's own records (Flotilla.Api) written as
/// the daemon writes them (<see cref="DaemonJson"/>), errors its <see cref="ApiProblem"/>; request bodies are read as the
/// API's request records and also kept as received, for assertions.
/// </summary>
public sealed partial class FakeFlotillad : IAsyncDisposable
{
    public const string HostName = "host-test";
    private const string ProblemBase = "https://flotilla.dev/problems/";

    private readonly Dictionary<string, FakeVm> _vms = new(StringComparer.Ordinal);
    private readonly List<JsonObject> _createBodies = [];
    private readonly List<JsonObject> _cloneBodies = [];
    private readonly string _dir;
    private readonly string? _token;
    private WebApplication _app = null!;
    private long _revision;
    private int _requests;

    private FakeFlotillad(string? token)
    {
        _token = token;
        // UNIX socket paths are limited to 108 bytes: a short temp dir.
        _dir = Directory.CreateTempSubdirectory("flotd-").FullName;
        SocketPath = Path.Combine(_dir, "flotillad.sock");
    }

    public string SocketPath { get; }

    public string UnixEndpoint => "unix:" + SocketPath;

    /// <summary><c>http://127.0.0.1:PORT</c> when started with a token.</summary>
    public string? HttpEndpoint { get; private set; }

    /// <summary>How long the status lags the spec (the simulated reconciler).</summary>
    public TimeSpan ReconcileDelay { get; set; } = TimeSpan.FromMilliseconds(300);

    /// <summary>How many requests reached the API (after the token check).</summary>
    public int Requests
    {
        get { lock (_vms) return _requests; }
    }

    public static async Task<FakeFlotillad> StartAsync(string? token = null)
    {
        var fake = new FakeFlotillad(token);
        await fake.RunAsync();
        return fake;
    }

    /// <summary>The request bodies of <c>POST /v1/vms</c>, as received.</summary>
    public IReadOnlyList<JsonObject> CreateBodies
    {
        get { lock (_vms) return [.. _createBodies]; }
    }

    /// <summary>The request bodies of <c>POST /v1/vms/{source}/clone</c>, as received.</summary>
    public IReadOnlyList<JsonObject> CloneBodies
    {
        get { lock (_vms) return [.. _cloneBodies]; }
    }

    /// <summary>Changes a VM directly, as the daemon's side would (a failure, a stall).</summary>
    public void Change(string name, Action<FakeVm> change)
    {
        lock (_vms) change(_vms[name]);
    }

    public FakeVm? Find(string name)
    {
        lock (_vms) return _vms.TryGetValue(name, out var vm) ? vm : null;
    }

    /// <summary>Puts a VM in place as if created earlier, its status settled in the given state.</summary>
    public void Add(string name, PowerState power = PowerState.Stopped, VmState? state = null, bool transient = false)
    {
        var now = DateTimeOffset.UtcNow;
        lock (_vms)
        {
            _vms[name] = new FakeVm
            {
                Name = name, Template = "tiny-web", Cpus = 1, MemoryMiB = 128, Transient = transient,
                Power = power, State = state ?? FakeVm.Settled(power), ChangedAt = now - ReconcileDelay, Revision = ++_revision,
                BrokenSince = state is VmState.Failed or VmState.Crashed ? now : null,
            };
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    private async Task RunAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.ListenUnixSocket(SocketPath);
            if (_token is not null) kestrel.Listen(IPAddress.Loopback, 0);
        });
        _app = builder.Build();
        _app.Use(async (context, next) =>
        {
            // TCP needs the token; the UNIX socket (no remote address) does not.
            if (context.Connection.RemoteIpAddress is not null && context.Request.Headers.Authorization != $"Bearer {_token}")
            {
                await Problem("unauthorized", 401, "Unauthorized", "missing or wrong bearer token").ExecuteAsync(context);
                return;
            }
            lock (_vms) _requests++;
            await next(context);
        });
        Map(_app);
        await _app.StartAsync();
        var addresses = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        HttpEndpoint = addresses.FirstOrDefault(a => a.StartsWith("http://127.0.0.1:", StringComparison.Ordinal));
    }

    private void Map(WebApplication app)
    {
        app.MapGet("/v1/host", () =>
        {
            lock (_vms)
            {
                var live = _vms.Values.Where(vm => vm.State is VmState.Running or VmState.Paused or VmState.Starting).ToList();
                return Results.Json(
                    new HostView(HostName, "tcg", "kvm: /dev/kvm is missing", Cpus: 2, MemoryMiB: 24105, ReservedCpus: 0, ReservedMemoryMiB: 1024,
                        CpuOvercommit: 4.0, MemoryOvercommit: 1.0, live.Sum(vm => vm.Cpus), live.Sum(vm => vm.MemoryMiB), "7.2.19", _vms.Count),
                    DaemonJson.Options);
            }
        });
        app.MapGet("/v1/vms", () =>
        {
            lock (_vms)
            {
                ReconcileAll();
                return Results.Json<IReadOnlyList<VmView>>([.. _vms.Values.Select(vm => vm.ToView(HostName))], DaemonJson.Options);
            }
        });
        app.MapPost("/v1/vms", async (HttpRequest request) => Create(await JsonNode.ParseAsync(request.Body) as JsonObject));
        app.MapGet("/v1/vms/{name}", (string name) => WithVm(name, vm => Results.Json(vm.ToView(HostName), DaemonJson.Options)));
        app.MapPost("/v1/vms/{name}/{verb}", (string name, string verb) => WithVm(name, vm =>
        {
            switch (Enum.GetValues<VmVerb>().Cast<VmVerb?>().FirstOrDefault(v => WireText.Of(v!.Value) == verb))
            {
                case VmVerb.Start or VmVerb.Resume: vm.Power = PowerState.Running; break;
                case VmVerb.Shutdown or VmVerb.Destroy: vm.Power = PowerState.Stopped; break;
                case VmVerb.Pause: vm.Power = PowerState.Paused; break;
                case VmVerb.Reboot: vm.RebootGeneration++; break;
                default: return Results.NotFound();
            }
            return Changed(vm, 202);
        }));
        app.MapPut("/v1/vms/{name}/autostart", async (string name, HttpRequest request) =>
        {
            var enabled = (await Read<AutostartRequest>(request))?.Enabled ?? false;
            return WithVm(name, vm =>
            {
                vm.Autostart = enabled;
                return Changed(vm, 200);
            });
        });
        app.MapDelete("/v1/vms/{name}", (string name) => WithVm(name, vm =>
        {
            if (vm.State is not (VmState.Stopped or VmState.Failed or VmState.Crashed))
            {
                return Problem("vm-running", 409, "VM is running", $"VM '{name}' is {WireText.Of(vm.State)}: stop it first (flotilla vm shutdown {name})");
            }
            _vms.Remove(name);
            return Results.NoContent();
        }));
        app.MapPost("/v1/vms/{name}/clone", async (string name, HttpRequest request) => Clone(name, await JsonNode.ParseAsync(request.Body) as JsonObject));
        app.MapPut("/v1/vms/{name}/balloon", async (string name, HttpRequest request) =>
        {
            var target = (await Read<BalloonRequest>(request))?.TargetMiB ?? 0;
            return WithVm(name, vm =>
            {
                if (target < 16 || target > vm.MemoryMiB) return Problem("invalid-spec", 400, "Invalid VM spec", $"balloon target must be 16 to {vm.MemoryMiB} MiB (got {target})");
                vm.BalloonTargetMiB = target;
                return Changed(vm, 202);
            });
        });
        MapSnapshots(app);
        app.MapGet("/v1/vms/{name}/console", (string name, int? tail) => WithVm(name, _ =>
        {
            var lines = Enumerable.Range(1, 10).Select(i => $"console line {i}").ToList();
            return Results.Text(string.Join('\n', tail is { } n ? lines.TakeLast(n) : lines) + "\n", "text/plain");
        }));
    }

    private void MapSnapshots(WebApplication app)
    {
        app.MapGet("/v1/vms/{name}/snapshots", (string name) => WithVm(name, vm => Results.Json<IReadOnlyList<SnapshotView>>([.. vm.Snapshots.Select(s => s.ToView())], DaemonJson.Options)));
        app.MapPost("/v1/vms/{name}/snapshots", async (string name, HttpRequest request) =>
        {
            var body = await Read<CreateSnapshotRequest>(request);
            var snapshot = body?.Name ?? "";
            var memory = body?.Memory ?? false;
            return WithVm(name, vm =>
            {
                if (!DnsLabel().IsMatch(snapshot) || snapshot.All(char.IsAsciiDigit)) return Problem("invalid-name", 400, "Invalid name", $"invalid snapshot name '{snapshot}'");
                if (vm.Snapshots.Any(s => s.Name == snapshot)) return Problem("snapshot-exists", 409, "Snapshot exists", $"VM '{name}' already has a snapshot named '{snapshot}'");
                if (memory && vm.State is not (VmState.Running or VmState.Paused)) return Problem("vm-not-running", 409, "VM is not running", $"VM '{name}' is not running, so it has no memory to save");
                var made = new FakeSnapshot(snapshot, DateTimeOffset.UtcNow, memory);
                vm.Snapshots.Add(made);
                return Results.Json(made.ToView(), DaemonJson.Options, statusCode: 201);
            });
        });
        app.MapPost("/v1/vms/{name}/snapshots/{snapshot}/revert", (string name, string snapshot) => WithSnapshot(name, snapshot, (vm, found) =>
            vm.State is VmState.Running or VmState.Paused && !found.Memory
                ? Problem("vm-running", 409, "VM is running", $"snapshot '{snapshot}' of VM '{name}' has no memory state: stop it first")
                : Results.Json(found.ToView(), DaemonJson.Options)));
        app.MapDelete("/v1/vms/{name}/snapshots/{snapshot}", (string name, string snapshot) => WithSnapshot(name, snapshot, (vm, found) =>
        {
            vm.Snapshots.Remove(found);
            return Results.NoContent();
        }));
    }

    private IResult WithSnapshot(string name, string snapshot, Func<FakeVm, FakeSnapshot, IResult> action) => WithVm(name, vm =>
        vm.Snapshots.FirstOrDefault(s => s.Name == snapshot) is { } found
            ? action(vm, found)
            : Problem("snapshot-not-found", 404, "Snapshot not found", $"VM '{name}' has no snapshot named '{snapshot}'"));

    private IResult Clone(string source, JsonObject? body)
    {
        if (body?.Deserialize<CloneVmRequest>(DaemonJson.Options) is not { } wanted) return Problem("invalid-spec", 400, "Invalid spec", "the body is not a JSON object");
        var name = wanted.Name ?? "";
        if (!DnsLabel().IsMatch(name)) return Problem("invalid-name", 400, "Invalid name", $"'{name}' is not a DNS label (lowercase letters, digits, dashes)");
        return WithVm(source, from =>
        {
            _cloneBodies.Add(body);
            if (from.State is not (VmState.Stopped or VmState.Failed or VmState.Crashed) || from.Power != PowerState.Stopped)
            {
                return Problem("vm-running", 409, "VM is running", $"VM '{source}' is running: shut it down before cloning it (live cloning is not supported)");
            }
            if (_vms.ContainsKey(name)) return Problem("vm-exists", 409, "VM exists", $"a VM named '{name}' exists on host {HostName}");
            var clone = new FakeVm
            {
                Name = name, Template = from.Template, Cpus = from.Cpus, MemoryMiB = from.MemoryMiB, UserData = from.UserData, OnCrash = from.OnCrash,
                Forwards = wanted.Forwards ?? [], FullClone = wanted.FullClone,
                Mac = "52:54:00:12:34:56", ChangedAt = DateTimeOffset.UtcNow, Revision = ++_revision,
            };
            _vms[name] = clone;
            return Results.Json(clone.ToView(HostName), DaemonJson.Options, statusCode: 201);
        });
    }

    private IResult Create(JsonObject? body)
    {
        if (body?.Deserialize<CreateVmRequest>(DaemonJson.Options) is not { } wanted) return Problem("invalid-spec", 400, "Invalid spec", "the body is not a JSON object");
        var name = wanted.Name ?? "";
        var template = wanted.Template ?? "";
        var cpus = wanted.Cpus ?? 1; // absent: the template's
        var memory = wanted.MemoryMiB ?? 128;
        if (!DnsLabel().IsMatch(name)) return Problem("invalid-name", 400, "Invalid name", $"'{name}' is not a DNS label (lowercase letters, digits, dashes)");
        if (template != "tiny-web") return Problem("template-not-found", 404, "Template not found", $"no template named '{template}' on host {HostName}");
        if (cpus < 1 || memory < 64) return Problem("invalid-spec", 400, "Invalid spec", $"memory {memory} MiB is below the image's minimum of 64 MiB");
        lock (_vms)
        {
            _createBodies.Add(body);
            if (_vms.ContainsKey(name)) return Problem("vm-exists", 409, "VM exists", $"a VM named '{name}' exists on host {HostName}");
            var vm = new FakeVm
            {
                Name = name, Template = template, Cpus = cpus, MemoryMiB = memory, UserData = wanted.UserData, Transient = wanted.Transient,
                Forwards = wanted.Forwards ?? [], OnCrash = wanted.OnCrash, FullClone = wanted.FullClone,
                Autostart = wanted.Autostart, Power = wanted.Transient ? PowerState.Running : PowerState.Stopped,
                ChangedAt = DateTimeOffset.UtcNow, Revision = ++_revision,
            };
            _vms[name] = vm;
            return Results.Json(vm.ToView(HostName), DaemonJson.Options, statusCode: 201);
        }
    }

    private IResult WithVm(string name, Func<FakeVm, IResult> action)
    {
        lock (_vms)
        {
            ReconcileAll();
            return _vms.TryGetValue(name, out var vm)
                ? action(vm)
                : Problem("vm-not-found", 404, "VM not found", $"no VM named '{name}' on host {HostName}");
        }
    }

    private IResult Changed(FakeVm vm, int status)
    {
        vm.ChangedAt = DateTimeOffset.UtcNow;
        vm.Revision = ++_revision;
        return Results.Json(vm.ToView(HostName), DaemonJson.Options, statusCode: status);
    }

    private void ReconcileAll()
    {
        var now = DateTimeOffset.UtcNow;
        foreach (var vm in _vms.Values.ToList())
        {
            if (!vm.Reconcile(now, ReconcileDelay, () => ++_revision)) _vms.Remove(vm.Name);
        }
    }

    private static IResult Problem(string type, int status, string title, string detail) => Results.Json(
        new ApiProblem { Type = ProblemBase + type, Title = title, Status = status, Detail = detail }, DaemonJson.Options, "application/problem+json", status);

    private static async Task<T?> Read<T>(HttpRequest request) => await JsonSerializer.DeserializeAsync<T>(request.Body, DaemonJson.Options);

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$")]
    private static partial Regex DnsLabel();

    /// <summary>For messages in assertions.</summary>
    public override string ToString() => $"fake flotillad at {UnixEndpoint}";
}
