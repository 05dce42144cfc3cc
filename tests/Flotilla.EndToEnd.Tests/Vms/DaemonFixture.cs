using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Flotilla.Client;
using Flotilla.Testing;

namespace Flotilla.EndToEnd.Tests.Vms;

/// <summary>
/// One real <c>bin/flotillad</c> with its own data dir and UNIX socket, shared by the VM tests
/// (<see cref="VmCollection"/>), and an HTTP client on that socket. <see cref="RestartAsync"/> stops and starts the daemon on
/// the same data dir (the running VMs must survive it).
/// </summary>
public sealed class DaemonFixture : IAsyncLifetime
{
    private LauncherProcess? _daemon;
    private readonly Flotilla.Testing.Netns.BlackholeRoute _blackhole = new();

    public string Dir { get; } = Directory.CreateTempSubdirectory("flotillad-e2e-").FullName;
    public string Socket => Path.Combine(Dir, "api.sock");
    public HttpClient Http { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Http = new HttpClient(UnixSocketHandler.Create(Socket)) { BaseAddress = new Uri("http://localhost"), Timeout = TimeSpan.FromSeconds(120) };
        await StartAsync();
    }

    public string DaemonOutput => _daemon?.Output ?? "";

    public async Task StartAsync()
    {
        _daemon = LauncherProcess.Start("flotillad", ["--data-dir", Path.Combine(Dir, "data"), "--listen", $"unix:{Socket}", "--host", "e2e"]);
        await Wait.UntilAsync(() =>
        {
            if (_daemon.HasExited) throw new InvalidOperationException($"flotillad exited: {_daemon.Output}");
            try
            {
                return Http.GetAsync("/v1/host").GetAwaiter().GetResult().IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(120), "flotillad answering");
    }

    public async Task RestartAsync()
    {
        await _daemon!.DisposeAsync(); // SIGTERM, as a service manager stops it
        await StartAsync();
    }

    /// <summary><c>kill -9</c> of the daemon, as a crash or an OOM kill ends it: nothing of it runs on stop. <see cref="StartAsync"/> starts it again.</summary>
    public async Task KillAsync()
    {
        _daemon!.Signal("KILL");
        await _daemon.WaitForExitAsync(TimeSpan.FromSeconds(30));
        await _daemon.DisposeAsync();
    }

    public async Task<JsonNode> GetVmAsync(string name) => (await Http.GetFromJsonAsync<JsonNode>($"/v1/vms/{name}"))!;

    public async Task<HttpResponseMessage> PostAsync(string path, object? body = null) =>
        await Http.PostAsync(path, body is null ? null : JsonContent.Create(body));

    /// <summary>Waits until the VM's observed state is <paramref name="state"/>.</summary>
    public async Task<JsonNode> WaitForStateAsync(string name, string state, TimeSpan? timeout = null)
    {
        JsonNode? vm = null;
        await Wait.UntilAsync(() =>
        {
            vm = GetVmAsync(name).GetAwaiter().GetResult();
            return vm["status"]!["state"]!.GetValue<string>() == state;
        }, timeout ?? TimeSpan.FromSeconds(90), $"VM {name} {state} (last: {vm?["status"]?.ToJsonString()})");
        return vm!;
    }

    /// <summary>The real <c>bin/flotilla</c> against this daemon, run to its end.</summary>
    public async Task<LauncherProcess> CliAsync(params string[] args)
    {
        var cli = StartCli(args);
        await cli.WaitForExitAsync(TimeSpan.FromSeconds(150));
        return cli;
    }

    /// <summary>The real <c>bin/flotilla</c> against this daemon, left running (to watch its output, or to kill it).</summary>
    public LauncherProcess StartCli(params string[] args) =>
        LauncherProcess.Start("flotilla", [.. args, "--endpoint", $"unix:{Socket}"], new Dictionary<string, string> { ["FLOTILLA_ENDPOINT"] = "", ["FLOTILLA_TOKEN"] = "" });

    /// <summary>Waits until the VM's web server answers <paramref name="path"/> with a body containing <paramref name="text"/>; returns the body.</summary>
    public static async Task<string> WaitForPageAsync(int port, string text, string path = "/", TimeSpan? timeout = null)
    {
        var body = "";
        await Wait.UntilAsync(async () => (body = await GetPageAsync(port, path)).Contains(text, StringComparison.Ordinal),
            timeout ?? TimeSpan.FromSeconds(90), $"127.0.0.1:{port}{path} answering '{text}' (last: '{body.Trim()}')");
        return body;
    }

    /// <summary>One GET through the VM's forward; empty when nothing (or an error page) answers.</summary>
    public static async Task<string> GetPageAsync(int port, string path = "/")
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            using var response = await http.GetAsync($"http://127.0.0.1:{port}{path}");
            return response.IsSuccessStatusCode ? await response.Content.ReadAsStringAsync() : "";
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return "";
        }
    }

    public async Task DisposeAsync()
    {
        // Leave no guest behind, whatever the tests did.
        try
        {
            foreach (var vm in (await Http.GetFromJsonAsync<JsonArray>("/v1/vms"))!)
            {
                var name = vm!["name"]!.GetValue<string>();
                await PostAsync($"/v1/vms/{name}/destroy");
            }
        }
        catch (HttpRequestException)
        {
            // The daemon is gone; its QEMUs are killed below by their pid files.
        }
        if (_daemon is not null) await _daemon.DisposeAsync();
        // And no flotilla-lb: it outlives the daemon by design.
        foreach (var pidFile in Directory.EnumerateFiles(Dir, "*.pid", SearchOption.AllDirectories).Where(f => Path.GetFileName(f) is "qemu.pid" or "flotilla-lb.pid"))
        {
            if (int.TryParse(File.ReadAllText(pidFile).Trim(), out var pid))
            {
                try { System.Diagnostics.Process.GetProcessById(pid).Kill(); } catch (ArgumentException) { } catch (InvalidOperationException) { }
            }
        }
        Http.Dispose();
        // Networks die with their namespaces (bridges, taps, uplinks); the host's masquerade table goes too.
        var tag = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Path.Combine(Dir, "data"))))[..6];
        foreach (var ns in Flotilla.Testing.Netns.Sh.Run("ip netns list", check: false).Split('\n').Select(l => l.Split(' ')[0]).Where(n => n.StartsWith($"flotilla-{tag}-", StringComparison.Ordinal)))
        {
            Flotilla.Testing.Netns.Sh.Run($"ip netns del {ns}", check: false);
        }
        Flotilla.Testing.Netns.Sh.Run($"nft delete table ip flotilla_{tag} 2>/dev/null", check: false);
        _blackhole.Dispose();
        Directory.Delete(Dir, recursive: true);
    }

    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web);
}
