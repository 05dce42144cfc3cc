using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Flotilla.Api.Balancers;
using Flotilla.Api.Events;
using Flotilla.Api.Hosts;
using Flotilla.Api.Json;
using Flotilla.Api.Networks;
using Flotilla.Api.Pools;
using Flotilla.Api.Problems;
using Flotilla.Api.Security;
using Flotilla.Api.Snapshots;
using Flotilla.Api.Stacks;
using Flotilla.Api.Stacks.Status;
using Flotilla.Api.Templates;
using Flotilla.Api.Vms;
using Flotilla.Core.Security;

namespace Flotilla.Client;

/// <summary>
/// The typed client of flotillad's v1 API (docs/api.md) over a UNIX socket or TCP. Every error
/// arrives as one of three exceptions: <see cref="ApiProblemException"/> (the daemon said no),
/// <see cref="DaemonUnreachableException"/> (no connection) or <see cref="ApiProtocolException"/>
/// (an answer the contract does not allow).
/// </summary>
public sealed partial class FlotillaApiClient : IDisposable
{
    /// <summary>One request; a wait polls with many of them, each bounded by this.</summary>
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);
    /// <summary>A request the daemon answers once the work is done: a clone copies a disk, a snapshot copies RAM.</summary>
    private static readonly TimeSpan WorkTimeout = TimeSpan.FromMinutes(10);

    private readonly HttpClient _http;
    private readonly bool _hasToken;

    public FlotillaApiClient(FlotillaEndpoint endpoint, string? token)
        : this(endpoint, token, CreateHandler(endpoint))
    {
    }

    /// <summary>With a handler of the caller's; the client owns it.</summary>
    public FlotillaApiClient(FlotillaEndpoint endpoint, string? token, HttpMessageHandler handler)
    {
        Endpoint = endpoint;
        _http = new HttpClient(handler, disposeHandler: true) { BaseAddress = endpoint.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
        // TCP needs the bearer token; the UNIX socket is guarded by its file mode instead.
        _hasToken = endpoint.SocketPath is null && !string.IsNullOrEmpty(token);
        if (_hasToken) _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    public FlotillaEndpoint Endpoint { get; }

    public Task<ApiResponse<HostView>> GetHostAsync(CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, "v1/host", null, FlotillaApiJsonContext.Default.HostView, cancellationToken);

    public Task<ApiResponse<DaemonView>> GetDaemonAsync(CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, "v1/daemon", null, FlotillaApiJsonContext.Default.DaemonView, cancellationToken);

    /// <summary>Asks flotillad to stop (answered 202 before it does, with the pid to wait for).</summary>
    public Task<ApiResponse<DaemonView>> StopDaemonAsync(CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, "v1/daemon/stop", null, FlotillaApiJsonContext.Default.DaemonView, cancellationToken);

    public Task<ApiResponse<IReadOnlyList<VmView>>> ListVmsAsync(CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, "v1/vms", null, FlotillaApiJsonContext.Default.IReadOnlyListVmView, cancellationToken);

    public Task<ApiResponse<VmView>> GetVmAsync(string name, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, VmPath(name), null, FlotillaApiJsonContext.Default.VmView, cancellationToken);

    /// <summary>Answered once the VM's disk is made in its pool (a full clone copies the base disk).</summary>
    public Task<ApiResponse<VmView>> CreateVmAsync(CreateVmRequest request, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, "v1/vms", JsonContent.Create(request, FlotillaApiJsonContext.Default.CreateVmRequest), FlotillaApiJsonContext.Default.VmView, cancellationToken, WorkTimeout);

    /// <summary>Changes the spec (202); the status follows later, see <c>VmStatusWaiter</c>.</summary>
    public Task<ApiResponse<VmView>> SendVerbAsync(string name, VmVerb verb, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, $"{VmPath(name)}/{verb.ToString().ToLowerInvariant()}", null, FlotillaApiJsonContext.Default.VmView, cancellationToken);

    public Task<ApiResponse<VmView>> SetAutostartAsync(string name, bool enabled, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Put, $"{VmPath(name)}/autostart", JsonContent.Create(new AutostartRequest(enabled), FlotillaApiJsonContext.Default.AutostartRequest),
            FlotillaApiJsonContext.Default.VmView, cancellationToken);

    /// <summary>A new, stopped VM with the source's content (201), answered once its disk is made.</summary>
    public Task<ApiResponse<VmView>> CloneVmAsync(string source, CloneVmRequest request, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, $"{VmPath(source)}/clone", JsonContent.Create(request, FlotillaApiJsonContext.Default.CloneVmRequest), FlotillaApiJsonContext.Default.VmView, cancellationToken, WorkTimeout);

    /// <summary>Sets the balloon target (202); <c>status.balloonActualMiB</c> follows.</summary>
    public Task<ApiResponse<VmView>> SetBalloonAsync(string name, int targetMiB, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Put, $"{VmPath(name)}/balloon", JsonContent.Create(new BalloonRequest(targetMiB), FlotillaApiJsonContext.Default.BalloonRequest),
            FlotillaApiJsonContext.Default.VmView, cancellationToken);

    public Task<ApiResponse<IReadOnlyList<SnapshotView>>> ListSnapshotsAsync(string name, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, $"{VmPath(name)}/snapshots", null, FlotillaApiJsonContext.Default.IReadOnlyListSnapshotView, cancellationToken);

    public Task<ApiResponse<SnapshotView>> CreateSnapshotAsync(string name, CreateSnapshotRequest request, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, $"{VmPath(name)}/snapshots", JsonContent.Create(request, FlotillaApiJsonContext.Default.CreateSnapshotRequest),
            FlotillaApiJsonContext.Default.SnapshotView, cancellationToken, WorkTimeout);

    public Task<ApiResponse<SnapshotView>> RevertSnapshotAsync(string name, string snapshot, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, $"{SnapshotPath(name, snapshot)}/revert", null, FlotillaApiJsonContext.Default.SnapshotView, cancellationToken, WorkTimeout);

    public async Task DeleteSnapshotAsync(string name, string snapshot, CancellationToken cancellationToken)
    {
        using var response = await ExchangeAsync(HttpMethod.Delete, SnapshotPath(name, snapshot), null, cancellationToken, WorkTimeout).ConfigureAwait(false);
    }

    public Task<ApiResponse<IReadOnlyList<NetworkView>>> ListNetworksAsync(CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, "v1/networks", null, FlotillaApiJsonContext.Default.IReadOnlyListNetworkView, cancellationToken);

    public Task<ApiResponse<NetworkView>> GetNetworkAsync(string name, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, NetworkPath(name), null, FlotillaApiJsonContext.Default.NetworkView, cancellationToken);

    /// <summary>Created and built (201) once its namespace and bridge exist.</summary>
    public Task<ApiResponse<NetworkView>> CreateNetworkAsync(CreateNetworkRequest request, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, "v1/networks", JsonContent.Create(request, FlotillaApiJsonContext.Default.CreateNetworkRequest), FlotillaApiJsonContext.Default.NetworkView, cancellationToken);

    /// <param name="force">Also when a stack owns it (<c>?force=true</c>).</param>
    public async Task DeleteNetworkAsync(string name, bool force, CancellationToken cancellationToken)
    {
        using var response = await ExchangeAsync(HttpMethod.Delete, NetworkPath(name) + Force(force), null, cancellationToken).ConfigureAwait(false);
    }

    public Task<ApiResponse<IReadOnlyList<SecurityGroupView>>> ListSecurityGroupsAsync(CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, "v1/nsgs", null, FlotillaApiJsonContext.Default.IReadOnlyListSecurityGroupView, cancellationToken);

    public Task<ApiResponse<SecurityGroupView>> GetSecurityGroupAsync(string name, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, NsgPath(name), null, FlotillaApiJsonContext.Default.SecurityGroupView, cancellationToken);

    public Task<ApiResponse<SecurityGroupView>> CreateSecurityGroupAsync(string name, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, "v1/nsgs", JsonContent.Create(new CreateSecurityGroupRequest(name), FlotillaApiJsonContext.Default.CreateSecurityGroupRequest),
            FlotillaApiJsonContext.Default.SecurityGroupView, cancellationToken);

    /// <param name="force">Also when a stack owns it (<c>?force=true</c>).</param>
    public async Task DeleteSecurityGroupAsync(string name, bool force, CancellationToken cancellationToken)
    {
        using var response = await ExchangeAsync(HttpMethod.Delete, NsgPath(name) + Force(force), null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Added and in force in the kernel when this returns.</summary>
    public Task<ApiResponse<SecurityGroupView>> AddRuleAsync(string name, SecurityRuleText rule, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, $"{NsgPath(name)}/rules", JsonContent.Create(rule, FlotillaApiJsonContext.Default.SecurityRuleText), FlotillaApiJsonContext.Default.SecurityGroupView, cancellationToken);

    public Task<ApiResponse<SecurityGroupView>> RemoveRuleAsync(string name, string rule, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Delete, $"{NsgPath(name)}/rules/{Uri.EscapeDataString(rule)}", null, FlotillaApiJsonContext.Default.SecurityGroupView, cancellationToken);

    public async Task AttachSecurityGroupAsync(string name, AttachRequest target, bool detach, CancellationToken cancellationToken)
    {
        using var response = await ExchangeAsync(HttpMethod.Post, $"{NsgPath(name)}/{(detach ? "detach" : "attach")}",
            JsonContent.Create(target, FlotillaApiJsonContext.Default.AttachRequest), cancellationToken).ConfigureAwait(false);
    }

    private static string NsgPath(string name) => "v1/nsgs/" + Uri.EscapeDataString(name);

    public Task<ApiResponse<IReadOnlyList<Balancer>>> ListBalancersAsync(CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, "v1/balancers", null, FlotillaApiJsonContext.Default.IReadOnlyListBalancer, cancellationToken);

    public Task<ApiResponse<Balancer>> GetBalancerAsync(string name, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, "v1/balancers/" + Uri.EscapeDataString(name), null, FlotillaApiJsonContext.Default.Balancer, cancellationToken);

    /// <param name="force">Also when a stack owns it (<c>?force=true</c>).</param>
    public async Task DeleteBalancerAsync(string name, bool force, CancellationToken cancellationToken)
    {
        using var response = await ExchangeAsync(HttpMethod.Delete, "v1/balancers/" + Uri.EscapeDataString(name) + Force(force), null, cancellationToken).ConfigureAwait(false);
    }

    public Task<ApiResponse<IReadOnlyList<HostEvent>>> ListEventsAsync(long since, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, string.Create(CultureInfo.InvariantCulture, $"v1/events?since={since}"), null, FlotillaApiJsonContext.Default.IReadOnlyListHostEvent, cancellationToken);

    /// <summary>The events after <paramref name="since"/>, then each new one, as the NDJSON lines the daemon sends (and each parsed), until cancelled.</summary>
    public async IAsyncEnumerable<(HostEvent Event, string Json)> WatchEventsAsync(long since, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var path = string.Create(CultureInfo.InvariantCulture, $"v1/events?watch=true&since={since}");
        using var response = await ExchangeAsync(HttpMethod.Get, path, null, cancellationToken, Timeout.InfiniteTimeSpan).ConfigureAwait(false);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false));
        while (true)
        {
            string? line;
            try
            {
                line = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (IOException e)
            {
                throw new ApiProtocolException($"lost the connection to flotillad at {Endpoint} while watching events: {e.Message}", e);
            }
            if (line is null) yield break;
            if (line.Length == 0) continue;
            var value = JsonSerializer.Deserialize(line, FlotillaApiJsonContext.Default.HostEvent) ?? throw new ApiProtocolException($"flotillad at {Endpoint} sent an empty event");
            yield return (value, line);
        }
    }

    private static string NetworkPath(string name) => "v1/networks/" + Uri.EscapeDataString(name);

    /// <summary>Undefine: the definition and its files go (204).</summary>
    /// <param name="force">Also when a stack owns it (<c>?force=true</c>).</param>
    public async Task UndefineAsync(string name, bool force, CancellationToken cancellationToken)
    {
        using var response = await ExchangeAsync(HttpMethod.Delete, VmPath(name) + Force(force), null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A delete of a stack's resource is refused by the daemon unless forced.</summary>
    private static string Force(bool force) => force ? "?force=true" : "";

    /// <summary>The serial console log, or its last <paramref name="tail"/> lines.</summary>
    public async Task<string> GetConsoleAsync(string name, int? tail, CancellationToken cancellationToken)
    {
        var path = $"{VmPath(name)}/console" + (tail is { } n ? "?tail=" + n.ToString(CultureInfo.InvariantCulture) : "");
        using var response = await ExchangeAsync(HttpMethod.Get, path, null, cancellationToken).ConfigureAwait(false);
        return await ReadBodyAsync(response, HttpMethod.Get, path, cancellationToken).ConfigureAwait(false);
    }

    public Task<ApiResponse<IReadOnlyList<PoolView>>> ListPoolsAsync(CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, "v1/pools", null, FlotillaApiJsonContext.Default.IReadOnlyListPoolView, cancellationToken, WorkTimeout);

    /// <summary>The pool with its volumes measured (qemu-img per disk, hence the longer timeout).</summary>
    public Task<ApiResponse<PoolView>> GetPoolAsync(string name, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, PoolPath(name), null, FlotillaApiJsonContext.Default.PoolView, cancellationToken, WorkTimeout);

    public Task<ApiResponse<PoolView>> CreatePoolAsync(CreatePoolRequest request, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, "v1/pools", JsonContent.Create(request, FlotillaApiJsonContext.Default.CreatePoolRequest), FlotillaApiJsonContext.Default.PoolView, cancellationToken);

    public async Task DeletePoolAsync(string name, CancellationToken cancellationToken)
    {
        using var response = await ExchangeAsync(HttpMethod.Delete, PoolPath(name), null, cancellationToken).ConfigureAwait(false);
    }

    public Task<ApiResponse<IReadOnlyList<TemplateView>>> ListTemplatesAsync(CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, "v1/templates", null, FlotillaApiJsonContext.Default.IReadOnlyListTemplateView, cancellationToken, WorkTimeout);

    public Task<ApiResponse<TemplateView>> GetTemplateAsync(string name, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, TemplatePath(name), null, FlotillaApiJsonContext.Default.TemplateView, cancellationToken, WorkTimeout);

    /// <summary>Answered once the VM's disk is flattened into the template's base disk.</summary>
    public Task<ApiResponse<TemplateView>> CreateTemplateAsync(CreateTemplateRequest request, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, "v1/templates", JsonContent.Create(request, FlotillaApiJsonContext.Default.CreateTemplateRequest), FlotillaApiJsonContext.Default.TemplateView,
            cancellationToken, WorkTimeout);

    public async Task DeleteTemplateAsync(string name, CancellationToken cancellationToken)
    {
        using var response = await ExchangeAsync(HttpMethod.Delete, TemplatePath(name), null, cancellationToken, WorkTimeout).ConfigureAwait(false);
    }

    public void Dispose() => _http.Dispose();

    // The name is a DNS label when the daemon accepts it; escaping keeps a bad one from becoming another path.
    private static string VmPath(string name) => "v1/vms/" + Uri.EscapeDataString(name);

    private static string PoolPath(string name) => "v1/pools/" + Uri.EscapeDataString(name);

    private static string TemplatePath(string name) => "v1/templates/" + Uri.EscapeDataString(name);

    private static string SnapshotPath(string name, string snapshot) => $"{VmPath(name)}/snapshots/{Uri.EscapeDataString(snapshot)}";
}
