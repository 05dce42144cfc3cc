using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Flotilla.Api;

namespace Flotilla.Cli.Api;

/// <summary>
/// The typed client of flotillad's v1 API (docs/api.md) over a UNIX socket or TCP. Every error
/// arrives as one of three exceptions: <see cref="ApiProblemException"/> (the daemon said no),
/// <see cref="DaemonUnreachableException"/> (no connection) or <see cref="ApiProtocolException"/>
/// (an answer the contract does not allow).
/// </summary>
internal sealed class FlotillaApiClient : IDisposable
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
    internal FlotillaApiClient(FlotillaEndpoint endpoint, string? token, HttpMessageHandler handler)
    {
        Endpoint = endpoint;
        _http = new HttpClient(handler, disposeHandler: true) { BaseAddress = endpoint.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
        // TCP needs the bearer token; the UNIX socket is guarded by its file mode instead.
        _hasToken = endpoint.SocketPath is null && !string.IsNullOrEmpty(token);
        if (_hasToken) _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    public FlotillaEndpoint Endpoint { get; }

    public Task<ApiResponse<Host>> GetHostAsync(CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, "v1/host", null, ApiJsonContext.Default.Host, cancellationToken);

    public Task<ApiResponse<Daemon>> GetDaemonAsync(CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, "v1/daemon", null, ApiJsonContext.Default.Daemon, cancellationToken);

    /// <summary>Asks flotillad to stop (answered 202 before it does, with the pid to wait for).</summary>
    public Task<ApiResponse<Daemon>> StopDaemonAsync(CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, "v1/daemon/stop", null, ApiJsonContext.Default.Daemon, cancellationToken);

    public Task<ApiResponse<IReadOnlyList<Vm>>> ListVmsAsync(CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, "v1/vms", null, ApiJsonContext.Default.IReadOnlyListVm, cancellationToken);

    public Task<ApiResponse<Vm>> GetVmAsync(string name, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, VmPath(name), null, ApiJsonContext.Default.Vm, cancellationToken);

    /// <summary>Answered once the VM's disk is made in its pool (a full clone copies the base disk).</summary>
    public Task<ApiResponse<Vm>> CreateVmAsync(CreateVmRequest request, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, "v1/vms", JsonContent.Create(request, ApiJsonContext.Default.CreateVmRequest), ApiJsonContext.Default.Vm, cancellationToken, WorkTimeout);

    /// <summary>Changes the spec (202); the status follows later, see <c>VmStatusWaiter</c>.</summary>
    public Task<ApiResponse<Vm>> SendVerbAsync(string name, VmVerb verb, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, $"{VmPath(name)}/{verb.ToString().ToLowerInvariant()}", null, ApiJsonContext.Default.Vm, cancellationToken);

    public Task<ApiResponse<Vm>> SetAutostartAsync(string name, bool enabled, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Put, $"{VmPath(name)}/autostart", JsonContent.Create(new AutostartRequest(enabled), ApiJsonContext.Default.AutostartRequest),
            ApiJsonContext.Default.Vm, cancellationToken);

    /// <summary>A new, stopped VM with the source's content (201), answered once its disk is made.</summary>
    public Task<ApiResponse<Vm>> CloneVmAsync(string source, CloneVmRequest request, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, $"{VmPath(source)}/clone", JsonContent.Create(request, ApiJsonContext.Default.CloneVmRequest), ApiJsonContext.Default.Vm, cancellationToken, WorkTimeout);

    /// <summary>Sets the balloon target (202); <c>status.balloonActualMiB</c> follows.</summary>
    public Task<ApiResponse<Vm>> SetBalloonAsync(string name, int targetMiB, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Put, $"{VmPath(name)}/balloon", JsonContent.Create(new BalloonRequest(targetMiB), ApiJsonContext.Default.BalloonRequest),
            ApiJsonContext.Default.Vm, cancellationToken);

    public Task<ApiResponse<IReadOnlyList<Snapshot>>> ListSnapshotsAsync(string name, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, $"{VmPath(name)}/snapshots", null, ApiJsonContext.Default.IReadOnlyListSnapshot, cancellationToken);

    public Task<ApiResponse<Snapshot>> CreateSnapshotAsync(string name, CreateSnapshotRequest request, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, $"{VmPath(name)}/snapshots", JsonContent.Create(request, ApiJsonContext.Default.CreateSnapshotRequest),
            ApiJsonContext.Default.Snapshot, cancellationToken, WorkTimeout);

    public Task<ApiResponse<Snapshot>> RevertSnapshotAsync(string name, string snapshot, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, $"{SnapshotPath(name, snapshot)}/revert", null, ApiJsonContext.Default.Snapshot, cancellationToken, WorkTimeout);

    public async Task DeleteSnapshotAsync(string name, string snapshot, CancellationToken cancellationToken)
    {
        using var response = await ExchangeAsync(HttpMethod.Delete, SnapshotPath(name, snapshot), null, cancellationToken, WorkTimeout).ConfigureAwait(false);
    }

    public Task<ApiResponse<IReadOnlyList<Network>>> ListNetworksAsync(CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, "v1/networks", null, ApiJsonContext.Default.IReadOnlyListNetwork, cancellationToken);

    public Task<ApiResponse<Network>> GetNetworkAsync(string name, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, NetworkPath(name), null, ApiJsonContext.Default.Network, cancellationToken);

    /// <summary>Created and built (201) once its namespace and bridge exist.</summary>
    public Task<ApiResponse<Network>> CreateNetworkAsync(CreateNetworkRequest request, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, "v1/networks", JsonContent.Create(request, ApiJsonContext.Default.CreateNetworkRequest), ApiJsonContext.Default.Network, cancellationToken);

    /// <param name="force">Also when a stack owns it (<c>?force=true</c>).</param>
    public async Task DeleteNetworkAsync(string name, bool force, CancellationToken cancellationToken)
    {
        using var response = await ExchangeAsync(HttpMethod.Delete, NetworkPath(name) + Force(force), null, cancellationToken).ConfigureAwait(false);
    }

    public Task<ApiResponse<IReadOnlyList<SecurityGroup>>> ListSecurityGroupsAsync(CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, "v1/nsgs", null, ApiJsonContext.Default.IReadOnlyListSecurityGroup, cancellationToken);

    public Task<ApiResponse<SecurityGroup>> GetSecurityGroupAsync(string name, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, NsgPath(name), null, ApiJsonContext.Default.SecurityGroup, cancellationToken);

    public Task<ApiResponse<SecurityGroup>> CreateSecurityGroupAsync(string name, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, "v1/nsgs", JsonContent.Create(new CreateSecurityGroupRequest(name), ApiJsonContext.Default.CreateSecurityGroupRequest),
            ApiJsonContext.Default.SecurityGroup, cancellationToken);

    /// <param name="force">Also when a stack owns it (<c>?force=true</c>).</param>
    public async Task DeleteSecurityGroupAsync(string name, bool force, CancellationToken cancellationToken)
    {
        using var response = await ExchangeAsync(HttpMethod.Delete, NsgPath(name) + Force(force), null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Added and in force in the kernel when this returns.</summary>
    public Task<ApiResponse<SecurityGroup>> AddRuleAsync(string name, SecurityRule rule, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, $"{NsgPath(name)}/rules", JsonContent.Create(rule, ApiJsonContext.Default.SecurityRule), ApiJsonContext.Default.SecurityGroup, cancellationToken);

    public Task<ApiResponse<SecurityGroup>> RemoveRuleAsync(string name, string rule, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Delete, $"{NsgPath(name)}/rules/{Uri.EscapeDataString(rule)}", null, ApiJsonContext.Default.SecurityGroup, cancellationToken);

    public async Task AttachSecurityGroupAsync(string name, AttachRequest target, bool detach, CancellationToken cancellationToken)
    {
        using var response = await ExchangeAsync(HttpMethod.Post, $"{NsgPath(name)}/{(detach ? "detach" : "attach")}",
            JsonContent.Create(target, ApiJsonContext.Default.AttachRequest), cancellationToken).ConfigureAwait(false);
    }

    private static string NsgPath(string name) => "v1/nsgs/" + Uri.EscapeDataString(name);

    public Task<ApiResponse<IReadOnlyList<Balancer>>> ListBalancersAsync(CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, "v1/balancers", null, ApiJsonContext.Default.IReadOnlyListBalancer, cancellationToken);

    public Task<ApiResponse<Balancer>> GetBalancerAsync(string name, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, "v1/balancers/" + Uri.EscapeDataString(name), null, ApiJsonContext.Default.Balancer, cancellationToken);

    /// <param name="force">Also when a stack owns it (<c>?force=true</c>).</param>
    public async Task DeleteBalancerAsync(string name, bool force, CancellationToken cancellationToken)
    {
        using var response = await ExchangeAsync(HttpMethod.Delete, "v1/balancers/" + Uri.EscapeDataString(name) + Force(force), null, cancellationToken).ConfigureAwait(false);
    }

    public Task<ApiResponse<IReadOnlyList<HostEvent>>> ListEventsAsync(long since, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, string.Create(CultureInfo.InvariantCulture, $"v1/events?since={since}"), null, ApiJsonContext.Default.IReadOnlyListHostEvent, cancellationToken);

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
            var value = JsonSerializer.Deserialize(line, ApiJsonContext.Default.HostEvent) ?? throw new ApiProtocolException($"flotillad at {Endpoint} sent an empty event");
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

    public Task<ApiResponse<IReadOnlyList<Pool>>> ListPoolsAsync(CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, "v1/pools", null, ApiJsonContext.Default.IReadOnlyListPool, cancellationToken, WorkTimeout);

    /// <summary>The pool with its volumes measured (qemu-img per disk, hence the longer timeout).</summary>
    public Task<ApiResponse<Pool>> GetPoolAsync(string name, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, PoolPath(name), null, ApiJsonContext.Default.Pool, cancellationToken, WorkTimeout);

    public Task<ApiResponse<Pool>> CreatePoolAsync(CreatePoolRequest request, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, "v1/pools", JsonContent.Create(request, ApiJsonContext.Default.CreatePoolRequest), ApiJsonContext.Default.Pool, cancellationToken);

    public async Task DeletePoolAsync(string name, CancellationToken cancellationToken)
    {
        using var response = await ExchangeAsync(HttpMethod.Delete, PoolPath(name), null, cancellationToken).ConfigureAwait(false);
    }

    public Task<ApiResponse<IReadOnlyList<Template>>> ListTemplatesAsync(CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, "v1/templates", null, ApiJsonContext.Default.IReadOnlyListTemplate, cancellationToken, WorkTimeout);

    public Task<ApiResponse<Template>> GetTemplateAsync(string name, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, TemplatePath(name), null, ApiJsonContext.Default.Template, cancellationToken, WorkTimeout);

    /// <summary>Answered once the VM's disk is flattened into the template's base disk.</summary>
    public Task<ApiResponse<Template>> CreateTemplateAsync(CreateTemplateRequest request, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, "v1/templates", JsonContent.Create(request, ApiJsonContext.Default.CreateTemplateRequest), ApiJsonContext.Default.Template,
            cancellationToken, WorkTimeout);

    public async Task DeleteTemplateAsync(string name, CancellationToken cancellationToken)
    {
        using var response = await ExchangeAsync(HttpMethod.Delete, TemplatePath(name), null, cancellationToken, WorkTimeout).ConfigureAwait(false);
    }

    /// <summary>The plan of a stack file against what the stack owns; exactly <c>No changes.</c> when there is nothing to do.</summary>
    public Task<ApiResponse<IReadOnlyList<StackStatus>>> ListStacksAsync(CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, "v1/stacks", null, ApiJsonContext.Default.IReadOnlyListStackStatus, cancellationToken);

    public Task<ApiResponse<StackStatus>> GetStackAsync(string name, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, "v1/stacks/" + Uri.EscapeDataString(name), null, ApiJsonContext.Default.StackStatus, cancellationToken);

    public Task<ApiResponse<StackPlanView>> PlanStackAsync(StackSource source, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, "v1/stacks/plan", JsonContent.Create(source, ApiJsonContext.Default.StackSource), ApiJsonContext.Default.StackPlanView,
            cancellationToken, WorkTimeout);

    /// <summary>
    /// <c>apply</c> or <c>destroy</c>: a plan that cannot be made is an <see cref="ApiProblemException"/>; then each
    /// progress line goes to <paramref name="onLine"/> as it arrives, until the daemon's <c>done</c> or <c>error</c>.
    /// </summary>
    public Task StreamStackAsync(string verb, StackSource source, Func<StackProgress, Task> onLine, CancellationToken cancellationToken) =>
        StreamProgressAsync(verb, HttpMethod.Post, $"v1/stacks/{verb}", JsonContent.Create(source, ApiJsonContext.Default.StackSource), onLine, cancellationToken);

    /// <summary>
    /// <c>destroy NAME</c>: removes what the stack owns by its name, streamed as <see cref="StreamStackAsync"/>; a stack
    /// nothing carries the tag of is a 404 before anything is touched.
    /// </summary>
    public Task DestroyStackAsync(string name, Func<StackProgress, Task> onLine, CancellationToken cancellationToken) =>
        StreamProgressAsync("destroy", HttpMethod.Delete, "v1/stacks/" + Uri.EscapeDataString(name), null, onLine, cancellationToken);

    /// <param name="verb">What the user ran (<c>apply</c>, <c>destroy</c>), for the line that says the daemon was lost.</param>
    private async Task StreamProgressAsync(string verb, HttpMethod method, string path, HttpContent? content, Func<StackProgress, Task> onLine, CancellationToken cancellationToken)
    {
        using var response = await ExchangeAsync(method, path, content, cancellationToken, WorkTimeout).ConfigureAwait(false);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false));
        var ended = false;
        while (await ReadProgressLineAsync(reader, verb, cancellationToken).ConfigureAwait(false) is { } line)
        {
            if (line.Length == 0) continue;
            StackProgress progress;
            try
            {
                progress = JsonSerializer.Deserialize(line, ApiJsonContext.Default.StackProgress) ?? throw new JsonException("null line");
            }
            catch (JsonException e)
            {
                throw new ApiProtocolException($"flotillad at {Endpoint}: a progress line of {method} /{path} is not JSON: {e.Message}", e);
            }
            ended = progress.Type is "done" or "error";
            await onLine(progress).ConfigureAwait(false);
        }

        if (!ended) throw LostDuring(verb, "the stream ended before its last line");
    }

    /// <summary>A line of the progress stream; a daemon gone mid-way (killed, restarted) is one clear line, not HttpIOException's trace.</summary>
    private async Task<string?> ReadProgressLineAsync(StreamReader reader, string verb, CancellationToken cancellationToken)
    {
        try
        {
            return await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            throw LostDuring(verb, e.Message, e);
        }
    }

    private ApiProtocolException LostDuring(string verb, string why, Exception? inner = null) => new(
        $"lost flotillad at {Endpoint} during {verb} ({why}): the steps printed above are done and the rest is not; " +
        $"`flotilla stack show NAME` says where the stack stands, and running {verb} again carries on from there", inner);

    public void Dispose() => _http.Dispose();

    // The name is a DNS label when the daemon accepts it; escaping keeps a bad one from becoming another path.
    private static string VmPath(string name) => "v1/vms/" + Uri.EscapeDataString(name);

    private static string PoolPath(string name) => "v1/pools/" + Uri.EscapeDataString(name);

    private static string TemplatePath(string name) => "v1/templates/" + Uri.EscapeDataString(name);

    private static string SnapshotPath(string name, string snapshot) => $"{VmPath(name)}/snapshots/{Uri.EscapeDataString(snapshot)}";

    private async Task<ApiResponse<T>> SendAsync<T>(HttpMethod method, string path, HttpContent? content, JsonTypeInfo<T> type, CancellationToken cancellationToken,
        TimeSpan? timeout = null)
    {
        using var response = await ExchangeAsync(method, path, content, cancellationToken, timeout).ConfigureAwait(false);
        var json = await ReadBodyAsync(response, method, path, cancellationToken).ConfigureAwait(false);
        try
        {
            var value = JsonSerializer.Deserialize(json, type) ?? throw new JsonException("the body is null");
            return new ApiResponse<T>(value, json);
        }
        catch (JsonException e)
        {
            throw new ApiProtocolException($"flotillad at {Endpoint}: the answer to {method} /{path} is not a {typeof(T).Name} this flotilla understands: {e.Message}", e);
        }
    }

    /// <summary>One request; a non-success status becomes an <see cref="ApiProblemException"/>.</summary>
    private async Task<HttpResponseMessage> ExchangeAsync(HttpMethod method, string path, HttpContent? content, CancellationToken cancellationToken,
        TimeSpan? timeout = null)
    {
        var limit = timeout ?? RequestTimeout;
        using var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(limit);
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token).ConfigureAwait(false);
        }
        catch (HttpRequestException e) when (e.InnerException is SocketException socket)
        {
            throw Unreachable(socket, e);
        }
        catch (HttpRequestException e)
        {
            throw new ApiProtocolException($"lost the connection to flotillad at {Endpoint}: {e.Message}", e);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ApiProtocolException($"flotillad at {Endpoint} did not answer {method} /{path} within {limit.TotalSeconds:0} s", e);
        }

        if (response.IsSuccessStatusCode) return response;
        using (response)
        {
            throw await ProblemAsync(response, $"{method} /{path}", cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<string> ReadBodyAsync(HttpResponseMessage response, HttpMethod method, string path, CancellationToken cancellationToken)
    {
        try
        {
            return await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new ApiProtocolException($"lost the connection to flotillad at {Endpoint} while reading the answer to {method} /{path}: {e.Message}", e);
        }
    }

    private DaemonUnreachableException Unreachable(SocketException socket, HttpRequestException e) => socket.SocketErrorCode switch
    {
        SocketError.AccessDenied => new DaemonUnreachableException(
            $"cannot reach flotillad at {Endpoint}: permission denied (the socket is mode 0600: run flotilla as the user that runs flotillad)", e),
        _ => new DaemonUnreachableException(
            $"cannot reach flotillad at {Endpoint}: is it running? (start it with bin/flotillad --data-dir DIR)", e),
    };

    private async Task<ApiProblemException> ProblemAsync(HttpResponseMessage response, string request, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        ApiProblem? problem = null;
        try
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (body.TrimStart().StartsWith('{')) problem = JsonSerializer.Deserialize(body, ApiJsonContext.Default.ApiProblem);
        }
        catch (Exception e) when (e is JsonException or HttpRequestException)
        {
            // Not a problem document (a proxy's page, a cut connection): the status alone still says what happened.
        }

        var detail = problem?.Detail ?? problem?.Title ?? $"flotillad at {Endpoint} answered {request} with {status} {response.ReasonPhrase}".TrimEnd();
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            detail += _hasToken
                ? " (the token was refused: it is in flotillad's DATA_DIR/api-token)"
                : " (give the token with --token or FLOTILLA_TOKEN: it is in flotillad's DATA_DIR/api-token)";
        }
        return new ApiProblemException(problem?.Type, status, detail);
    }

    private static SocketsHttpHandler CreateHandler(FlotillaEndpoint endpoint) => UnixSocketHandler.Create(endpoint.SocketPath);
}
