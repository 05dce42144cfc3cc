
namespace Flotilla.Cli.Commands.Stack;

/// <summary>
/// Whether an applied stack serves, by its conditions (<c>GET /v1/stacks/NAME</c>, docs/stack-file.md, Status). An apply
/// that changed something already ends once the stack is ready; a no-op apply does not wait, and a verify run started
/// while a VM is still out of rotation would fail a healthy deployment. So verify waits for ready (or a bound, after
/// which the load test shows what does not serve).
/// </summary>
internal static class StackReadiness
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(500);

    /// <summary>True when the stack is ready; false when <paramref name="timeout"/> passed first.</summary>
    public static async Task<bool> WaitAsync(FlotillaApiClient client, string stack, TimeSpan timeout, TextWriter log, CancellationToken cancellationToken)
    {
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bound.CancelAfter(timeout);
        var told = false;
        try
        {
            while (true)
            {
                var status = (await client.GetStackAsync(stack, bound.Token).ConfigureAwait(false)).Value;
                if (status.Ready) return true;
                if (!told)
                {
                    await log.WriteLineAsync($"Waiting for stack {stack} to be ready ({status.Message})…").ConfigureAwait(false);
                    told = true;
                }
                await Task.Delay(Poll, bound.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
