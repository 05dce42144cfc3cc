using System.Net.Http.Json;
using System.Text.Json;
using Flotilla.Api.Json;
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
    /// <c>apply</c> or <c>destroy</c>: a plan that cannot be made is an <see cref="ApiProblemException"/>; then each
    /// progress line goes to <paramref name="onLine"/> as it arrives, until the daemon's <c>done</c> or <c>error</c>.
    /// </summary>
    public Task StreamStackAsync(string verb, StackSource source, Func<StackProgress, Task> onLine, CancellationToken cancellationToken) =>
        StreamProgressAsync(verb, HttpMethod.Post, $"v1/stacks/{verb}", JsonContent.Create(source, FlotillaApiJsonContext.Default.StackSource), onLine, cancellationToken);

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
                progress = JsonSerializer.Deserialize(line, FlotillaApiJsonContext.Default.StackProgress) ?? throw new JsonException("null line");
            }
            catch (JsonException e)
            {
                throw new ApiProtocolException($"flotillad at {Endpoint}: a progress line of {method} /{path} is not JSON: {e.Message}", e);
            }
            ended = progress.Ends;
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
}
