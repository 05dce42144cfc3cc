using System.Net.Http.Json;
using System.Text.Json;
using Flotilla.Api.Json;
using Flotilla.Api.Operations;
using Flotilla.Api.Stacks;
using Flotilla.Api.Stacks.Status;

namespace Flotilla.Client;

/// <summary>The stack calls: status, plan, and apply/destroy with their progress stream.</summary>
public sealed partial class FlotillaApiClient
{
    /// <summary>Every stack with its readiness and, when not ready, the first reason.</summary>
    public Task<ApiResponse<IReadOnlyList<StackStatus>>> ListStacksAsync(CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, "v1/stacks", null, FlotillaApiJsonContext.Default.IReadOnlyListStackStatus, cancellationToken);

    public Task<ApiResponse<StackStatus>> GetStackAsync(string name, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, "v1/stacks/" + Uri.EscapeDataString(name), null, FlotillaApiJsonContext.Default.StackStatus, cancellationToken);

    /// <summary>The plan of a stack file against what the stack owns; exactly <c>No changes.</c> when there is nothing to do.</summary>
    public Task<ApiResponse<StackPlanView>> PlanStackAsync(StackSource source, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, "v1/stacks/plan", JsonContent.Create(source, FlotillaApiJsonContext.Default.StackSource), FlotillaApiJsonContext.Default.StackPlanView,
            cancellationToken, WorkTimeout);

    /// <summary>
    /// <c>apply</c> or <c>destroy</c> by file: a plan that cannot be made is an <see cref="ApiProblemException"/> (and
    /// nothing is stored); otherwise the daemon stores the operation and answers with it (202) before its first step.
    /// </summary>
    public Task<ApiResponse<OperationView>> StartStackAsync(string verb, StackSource source, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, $"v1/stacks/{verb}", JsonContent.Create(source, FlotillaApiJsonContext.Default.StackSource), FlotillaApiJsonContext.Default.OperationView,
            cancellationToken, WorkTimeout);

    /// <summary><c>destroy NAME</c>: a stack nothing carries the tag of is a 404 before anything is touched.</summary>
    public Task<ApiResponse<OperationView>> StartDestroyAsync(string name, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Delete, "v1/stacks/" + Uri.EscapeDataString(name), null, FlotillaApiJsonContext.Default.OperationView, cancellationToken, WorkTimeout);

    /// <summary>The stored operations (of one stack, given its name), oldest first.</summary>
    public Task<ApiResponse<IReadOnlyList<OperationView>>> ListOperationsAsync(string? stack, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, "v1/operations" + (stack is null ? "" : "?stack=" + Uri.EscapeDataString(stack)), null,
            FlotillaApiJsonContext.Default.IReadOnlyListOperationView, cancellationToken);

    public Task<ApiResponse<OperationView>> GetOperationAsync(string id, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, "v1/operations/" + Uri.EscapeDataString(id), null, FlotillaApiJsonContext.Default.OperationView, cancellationToken);

    /// <summary>Starts the apply or destroy, then follows it to its last line (<see cref="WatchOperationAsync"/>).</summary>
    /// <param name="onStarted">Told the operation once it is stored, before its first line.</param>
    public async Task StreamStackAsync(string verb, StackSource source, Func<StackProgress, Task> onLine, CancellationToken cancellationToken, Action<OperationView>? onStarted = null)
    {
        var operation = (await StartStackAsync(verb, source, cancellationToken).ConfigureAwait(false)).Value;
        onStarted?.Invoke(operation);
        await WatchOperationAsync(operation.Id, 0, onLine, cancellationToken, verb).ConfigureAwait(false);
    }

    /// <summary><c>destroy NAME</c>, followed to its last line as <see cref="StreamStackAsync"/>.</summary>
    public async Task DestroyStackAsync(string name, Func<StackProgress, Task> onLine, CancellationToken cancellationToken, Action<OperationView>? onStarted = null)
    {
        var operation = (await StartDestroyAsync(name, cancellationToken).ConfigureAwait(false)).Value;
        onStarted?.Invoke(operation);
        await WatchOperationAsync(operation.Id, 0, onLine, cancellationToken, "destroy").ConfigureAwait(false);
    }

    /// <summary>
    /// Each progress line of the operation from the <paramref name="from"/>th (0-based) on goes to <paramref name="onLine"/>
    /// as it is told, until its <c>done</c> or <c>error</c>; a daemon lost on the way is one <see cref="ApiProtocolException"/>.
    /// </summary>
    /// <param name="verb">What the user ran (<c>apply</c>, <c>destroy</c>, <c>watch</c>), for the line that says the daemon was lost.</param>
    public async Task WatchOperationAsync(string id, int from, Func<StackProgress, Task> onLine, CancellationToken cancellationToken, string verb = "watch")
    {
        var path = $"v1/operations/{Uri.EscapeDataString(id)}/progress?from={from}";
        HttpResponseMessage response;
        try
        {
            response = await ExchangeAsync(HttpMethod.Get, path, null, cancellationToken, WorkTimeout).ConfigureAwait(false);
        }
        catch (DaemonUnreachableException e)
        {
            throw LostDuring(verb, id, e.Message, e);
        }
        using (response)
        {
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false));
            var ended = false;
            while (await ReadProgressLineAsync(reader, verb, id, cancellationToken).ConfigureAwait(false) is { } line)
            {
                if (line.Length == 0) continue;
                StackProgress progress;
                try
                {
                    progress = JsonSerializer.Deserialize(line, FlotillaApiJsonContext.Default.StackProgress) ?? throw new JsonException("null line");
                }
                catch (JsonException e)
                {
                    throw new ApiProtocolException($"flotillad at {Endpoint}: a progress line of GET /{path} is not JSON: {e.Message}", e);
                }
                ended = progress.Ends;
                await onLine(progress).ConfigureAwait(false);
            }

            if (!ended) throw LostDuring(verb, id, "the stream ended before its last line");
        }
    }

    /// <summary>A line of the progress stream; a daemon gone mid-way (killed, restarted) is one clear line, not HttpIOException's trace.</summary>
    private async Task<string?> ReadProgressLineAsync(StreamReader reader, string verb, string id, CancellationToken cancellationToken)
    {
        try
        {
            return await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            throw LostDuring(verb, id, e.Message, e);
        }
    }

    private ApiProtocolException LostDuring(string verb, string id, string why, Exception? inner = null) => new(
        $"lost flotillad at {Endpoint} during {verb} ({why}): the steps printed above are done; the operation {id} is stored, and flotillad carries it on " +
        $"when it is back: `flotilla operation watch {id}` follows it from there", inner);
}
