using Flotilla.Balancer.Contract.Status;
using Flotilla.Core.Stacks;
using Flotilla.Core.Vms;
using Flotilla.Daemon.Balancers;

namespace Flotilla.Daemon.Stacks.Status;

/// <summary>
/// Why a stack's resource is or is not ready, from what the daemon observes: a VM's state and, for each balancer whose
/// pools hold it, whether flotilla-lb has it in rotation (and the probe's last failure when not); a balancer's live
/// revision and members; a network's namespace. Pure, so each reason has a test.
/// </summary>
public static class StackConditions
{
    /// <param name="routers">The stack's routers: a VM in a farm is in rotation when the router's /status has it so.</param>
    public static IReadOnlyList<Condition> ForVm(StackVm vm, VmStatus status, IEnumerable<StackBalancer> balancers, StatusReport? lb, Func<string, string> namespaceOf,
        IEnumerable<StackRouter>? routers = null)
    {
        var conditions = new List<Condition> { Running(vm, status) };
        foreach (var balancer in balancers)
        {
            foreach (var pool in balancer.Pools.Where(p => p.Members.Any(m => m.Vm == vm.VmName)))
            {
                var address = vm.Nics.FirstOrDefault(n => n.Network == pool.Network)?.Address;
                conditions.Add(InRotation(balancer.BalancerName, pool, address, namespaceOf(pool.Network), lb, status.State == VmState.Running ? status.StartedAt : null));
            }
        }

        foreach (var router in routers ?? [])
        {
            foreach (var farm in router.Farms.Where(f => f.Members.Any(m => m.Vm == vm.VmName)))
            {
                conditions.Add(InFarm(router.RouterName, farm, vm.Nics.FirstOrDefault(n => n.Network == farm.Network)?.Address, namespaceOf(farm.Network), lb));
            }
        }

        return conditions;
    }

    /// <summary>
    /// A farm member's rotation as the router reports it: YARP's available destinations, which leave out a member its
    /// active check found unhealthy or its passive check ejected. A member not yet checked counts as available, as in YARP.
    /// </summary>
    private static Condition InFarm(string router, StackFarm farm, string? address, string @namespace, StatusReport? lb)
    {
        const string type = "InRotation";
        if (address is null) return Condition.False(type, "NoAddress", $"no address on network {farm.Network} for router {router}");
        if (lb is null) return Condition.Unknown(type, "LbStatusUnknown", $"flotilla-lb's status is not known yet (router {router})");
        var member = lb.Routers.FirstOrDefault(r => r.Name == router)?.Farms
            .Where(f => f.Name == farm.Name && (f.Namespace is null || f.Namespace == @namespace))
            .SelectMany(f => f.Members)
            .FirstOrDefault(m => m.Address.Contains($"//{address}:", StringComparison.Ordinal) || m.Address.StartsWith(address + ":", StringComparison.Ordinal));
        if (member is null) return Condition.False(type, "NotInConfig", $"{address} is not in router {router}'s live config yet (farm {farm.Name})");
        return member.InRotation
            ? Condition.True(type, $"in router {router} (farm {farm.Name})")
            : Condition.False(type, "ProbeDown", $"{member.Address} is out of rotation in router {router} (farm {farm.Name}): active {member.Active}, passive {member.Passive}");
    }

    public static IReadOnlyList<Condition> ForBalancer(BalancerStatus status, long revision)
    {
        var live = status.Live
            ? Condition.True("Live", $"revision {revision} is in flotilla-lb's live config")
            : status.BindError is { } bind
                ? Condition.False("Live", "PortInUse", $"cannot listen on {bind}")
            : status.Process != "running"
                ? Condition.False("Live", "LbNotRunning", $"flotilla-lb is {status.Process}{(status.Message is { } m ? $": {m}" : "")}")
                : Condition.False("Live", "Reloading", $"revision {revision} is not yet in flotilla-lb's live config");
        var total = status.MembersUp + status.MembersDown;
        var serving = status.MembersUp > 0
            ? Condition.True("Serving", $"{status.MembersUp} of {total} members in rotation")
            : Condition.False("Serving", "NoMemberInRotation", total == 0 ? "no members" : $"none of {total} members in rotation");
        return [live, serving];
    }

    /// <summary>A resource the stack declared (its last apply recorded it) that the store no longer has: deleted behind the stack's back.</summary>
    public static IReadOnlyList<Condition> ForMissing(string kind, string name) =>
        [Condition.False("Present", "Missing", $"{kind} {name} is declared by the stack but does not exist (deleted outside the stack?); flotilla apply makes it again")];

    public static IReadOnlyList<Condition> ForNetwork(string @namespace, bool present) =>
    [
        present
            ? Condition.True("Present", $"namespace {@namespace}")
            : Condition.False("Present", "NamespaceMissing", $"namespace {@namespace} is missing; the daemon rebuilds it within 3 s"),
    ];

    private static Condition Running(StackVm vm, VmStatus status)
    {
        if (vm.Power != PowerState.Running) return Condition.True("Running", $"{Word(status.State)}, as declared ({vm.Power.ToString().ToLowerInvariant()})");
        var why = status.Message is { Length: > 0 } message ? $": {message}" : "";
        return status.State switch
        {
            VmState.Running => Condition.True("Running", status.StartedAt is { } at ? $"since {at:yyyy-MM-ddTHH:mm:ssZ}" : null),
            VmState.Crashed => Condition.False("Running", "Crashed", $"QEMU exited{why}" + (vm.OnCrash == CrashPolicy.Restart ? "; restarting with back-off" : "")),
            VmState.Failed => Condition.False("Running", "Failed", $"could not start{why}"),
            _ => Condition.False("Running", Reason(status.State), $"{Word(status.State)}{why}"),
        };
    }

    private static Condition InRotation(string balancer, StackPool pool, string? address, string @namespace, StatusReport? lb, DateTimeOffset? startedAt)
    {
        const string type = "InRotation";
        if (address is null) return Condition.False(type, "NoAddress", $"no address on network {pool.Network} for balancer {balancer}");
        if (lb is null) return Condition.Unknown(type, "LbStatusUnknown", $"flotilla-lb's status is not known yet (balancer {balancer})");
        var members = lb.Rules.Where(r => r.Balancer == balancer)
            .SelectMany(r => r.Members.Where(m => SameMember(m, address, @namespace)).Select(m => (Rule: r.Name, Member: m)))
            .ToList();
        if (members.Count == 0) return Condition.False(type, "NotInConfig", $"{address} is not in balancer {balancer}'s live config yet");
        if (members.FirstOrDefault(m => m.Member.Health == "draining") is { Member: not null } draining)
        {
            return Condition.False(type, "Draining", $"{draining.Member.Address} is draining from balancer {balancer} (rule {draining.Rule})");
        }

        if (members.FirstOrDefault(m => !m.Member.InRotation) is { Member: not null } down)
        {
            var failure = down.Member.LastProbeFailure is { Length: > 0 } f ? $": {f}" : "";
            return Condition.False(type, "ProbeDown", $"{down.Member.Address} is {down.Member.Health} in balancer {balancer} (rule {down.Rule}){failure}");
        }

        // A member's health outlives a restart of its VM by the probe's unhealthy threshold: in rotation counts once a
        // probe has passed against this run of the VM.
        if (startedAt is { } since && members.FirstOrDefault(m => m.Member.Health != "healthy (no probe)" && !(m.Member.LastProbeSuccess >= since)) is { Member: not null } stale)
        {
            return Condition.False(type, "ProbePending", $"{stale.Member.Address}: no probe has passed since the VM started at {since:HH:mm:ss} (balancer {balancer}, rule {stale.Rule})");
        }

        return Condition.True(type, $"in balancer {balancer} ({string.Join(", ", members.Select(m => $"rule {m.Rule}"))})");
    }

    private static bool SameMember(MemberStatus member, string address, string @namespace) =>
        member.Address.StartsWith(address + ":", StringComparison.Ordinal) && (member.Namespace is null || member.Namespace == @namespace);

    private static string Word(VmState state) => state switch
    {
        VmState.ShuttingDown => "shutting down",
        _ => state.ToString().ToLowerInvariant(),
    };

    private static string Reason(VmState state) => state.ToString();
}
