using Flotilla.Core.Specs;
using Flotilla.Core.Stacks;
using Flotilla.Daemon.Balancers;
using Flotilla.Daemon.Balancers.Frontends;

namespace Flotilla.Daemon.Stacks;

/// <summary>
/// Every frontend address:port of a stack's balancers and routers, judged at plan time, before anything is made:
/// against the host's other balancers and routers (<c>website.yaml:49:57: loadBalancers[0].rules[0].frontendPort:
/// 127.0.0.1:80 is used by stack 'shop' (balancer 'web', rule 'http')</c>), and against sockets another program has
/// bound on the host (<c>… is in use by another program (pid 4242 python3)</c>). A socket of the host's own
/// flotilla-lb is one of the store's balancers, judged by the first check; the stack's own balancers, which it is
/// about to replace, are no one else's.
/// </summary>
internal static class StackFrontendCheck
{
    /// <exception cref="InvalidStackException">A frontend is taken; one line per frontend, at the stack file's line.</exception>
    public static async Task ThrowIfTakenAsync(StackFile file, DesiredStack desired, BalancerCommands balancers, int? lbPid, CancellationToken ct)
    {
        var others = Others(desired, (await balancers.ListAsync(ct).ConfigureAwait(false)).Select(v => v.Spec));
        var problems = Problems(file, desired, others, HostSockets.List(), HostSockets.Holders, lbPid);
        if (problems.Count > 0) throw new InvalidStackException(problems);
    }

    /// <summary>The host's balancers and routers that are not the stack's (by name, or by its label).</summary>
    public static IReadOnlyList<BalancerSpec> Others(DesiredStack desired, IEnumerable<BalancerSpec> all)
    {
        var names = desired.Balancers.Select(b => b.Name).Concat(desired.Routers.Select(r => r.Name)).ToHashSet(StringComparer.Ordinal);
        return [.. all.Where(s => !names.Contains(s.Name!) && !(s.Labels.TryGetValue(StackBalancers.StackLabel, out var stack) && stack == desired.Name))];
    }

    /// <param name="holders">inodes → the process holding each (<see cref="HostSockets.Holders"/>).</param>
    /// <param name="lbPid">The host's flotilla-lb, whose sockets are balancers of the store.</param>
    public static IReadOnlyList<SpecException> Problems(StackFile file, DesiredStack desired, IReadOnlyList<BalancerSpec> others, IReadOnlyList<HostSocket> sockets,
        Func<IReadOnlySet<long>, IReadOnlyDictionary<long, (int Pid, string Command)>> holders, int? lbPid)
    {
        var mine = desired.Balancers.Select(b => StackBalancers.ToSpec(b, (_, _) => null))
            .Concat(desired.Routers.Select(r => StackRouters.ToSpec(r, (_, _) => null, withNetworks: false)))
            .SelectMany(FrontendClaims.Of)
            .ToList();
        var held = others.SelectMany(FrontendClaims.Of).ToList();
        var bound = mine.Select(c => sockets.Where(s => s.Protocol == c.Protocol && s.Port == c.Port && FrontendAddresses.Overlap(s.Address, c.Address)).ToList()).ToList();
        var owners = holders(bound.SelectMany(s => s).Select(s => s.Inode).ToHashSet());
        var problems = new List<SpecException>();
        for (var i = 0; i < mine.Count; i++)
        {
            var claim = mine[i];
            if (held.FirstOrDefault(claim.Overlaps) is { } theirs)
            {
                problems.Add(Error(file, claim, $"{claim.Endpoint} is used by {theirs.Holder}"));
                continue;
            }

            // A socket of the host's flotilla-lb serves a balancer of the store, which the check above has judged.
            var foreign = bound[i].FirstOrDefault(s => !(owners.TryGetValue(s.Inode, out var owner) && owner.Pid == lbPid));
            if (foreign is null) continue;
            var who = owners.TryGetValue(foreign.Inode, out var program) ? $"pid {program.Pid} {program.Command}" : "its process is not visible to flotillad";
            problems.Add(Error(file, claim, $"{claim.Endpoint} is in use by another program ({who})"));
        }
        return problems;
    }

    /// <summary>At the stack file's line for the key that asks for the frontend.</summary>
    private static SpecException Error(StackFile file, FrontendClaim claim, string problem)
    {
        if (claim.IsRouter)
        {
            var router = file.Routers.ToList().FindIndex(r => r.Name == claim.Owner);
            if (router >= 0) return new SpecException(file.Routers[router].LocationOf(claim.Key), $"routers[{router}].{claim.Key}", problem);
        }
        else
        {
            var balancer = file.LoadBalancers.ToList().FindIndex(b => b.Name == claim.Owner);
            var rule = balancer < 0 ? -1 : file.LoadBalancers[balancer].Rules.ToList().FindIndex(r => r.Rule.Name == claim.Item);
            if (rule >= 0) return file.LoadBalancers[balancer].Rules[rule].Origin.Error("frontendPort", problem);
        }
        return file.Origin.Error(null, $"{claim.Owner}: {problem}");
    }
}
