using Flotilla.Core.Specs;
using Flotilla.Core.Stacks;
using Flotilla.Daemon.Balancers;

namespace Flotilla.Daemon.Stacks;

/// <summary>
/// A stack's routers judged by flotilla-lb's own reader at plan time, before anything is made: the host's config as
/// it would be with the stack's balancers and routers in it (members and networks left out, since they do not exist
/// yet; the stack's validator has checked them). A problem in one of the stack's routers is told at the stack file's
/// line and key (<c>shop.yaml:14:40: routers[0].rules[1].forward: unknown farm 'ap'</c>), through the locations the
/// stack reader kept; anything else is left for the apply step, which refuses it as <c>flotilla lb</c> would.
/// </summary>
internal static class StackRouterCheck
{
    /// <exception cref="SpecException">flotilla-lb's reader refuses one of the stack's routers.</exception>
    public static async Task ThrowIfInvalidAsync(StackFile file, DesiredStack desired, BalancerCommands balancers, Func<string, string> namespaceOf, CancellationToken ct)
    {
        if (desired.Routers.Count == 0) return;
        var names = desired.Balancers.Select(b => b.Name).Concat(desired.Routers.Select(r => r.Name)).ToHashSet(StringComparer.Ordinal);
        var others = (await balancers.ListAsync(ct).ConfigureAwait(false)).Select(v => v.Spec)
            .Where(s => !names.Contains(s.Name!) && !(s.Labels.TryGetValue(StackBalancers.StackLabel, out var stack) && stack == desired.Name));
        var mine = desired.Balancers.Select(b => StackBalancers.ToSpec(b, (_, _) => null) with
        {
            BackendPools = [.. StackBalancers.ToSpec(b, (_, _) => null).BackendPools.Select(p => p with { Network = null })],
        }).Concat(desired.Routers.Select(r => StackRouters.ToSpec(r, (_, _) => null, withNetworks: false)));
        if (BalancerValidator.Check([.. others, .. mine], namespaceOf) is not { Owner: { IsRouter: true } owner } problem) return;
        var index = file.Routers.ToList().FindIndex(r => r.Name == owner.Name);
        if (index < 0) return;
        var key = problem.Key;
        throw new SpecException(file.Routers[index].LocationOf(key), key.Length == 0 ? $"routers[{index}]" : $"routers[{index}].{key}", problem.Error.Problem, problem.Error);
    }
}
