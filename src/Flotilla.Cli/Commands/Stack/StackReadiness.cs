using Flotilla.Cli.Api;

namespace Flotilla.Cli.Commands.Stack;

/// <summary>
/// Whether a just-applied stack serves: apply ends when its VMs run, but a guest's web server answers seconds later,
/// and its balancer puts a member in rotation only once a probe passed. A verify run started before then would fail a
/// healthy deployment, so it waits until every member of the stack's balancers is in rotation (or a bound passes,
/// after which the load test shows what does not serve).
/// </summary>
internal static class StackReadiness
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(500);

    /// <summary>True when every member is in rotation; false when <paramref name="timeout"/> passed first.</summary>
    public static async Task<bool> WaitAsync(FlotillaApiClient client, string stack, TimeSpan timeout, TextWriter log, CancellationToken cancellationToken)
    {
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bound.CancelAfter(timeout);
        var told = false;
        try
        {
            while (true)
            {
                var balancers = (await client.ListBalancersAsync(bound.Token).ConfigureAwait(false)).Value
                    .Where(b => b.Spec.Labels.TryGetValue("stack", out var owner) && owner == stack).ToList();
                var (up, down) = (balancers.Sum(b => b.Status.MembersUp), balancers.Sum(b => b.Status.MembersDown));
                if (balancers.Count == 0 || (down == 0 && up > 0 && balancers.All(b => b.Status.Live))) return true;
                if (!told)
                {
                    await log.WriteLineAsync($"Waiting for stack {stack}'s balancer members to pass their probes ({up} of {up + down} in rotation)…").ConfigureAwait(false);
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
