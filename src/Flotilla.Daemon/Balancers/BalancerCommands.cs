using Flotilla.Balancer.Contract.Status;
using Flotilla.Compute;
using Flotilla.Core.Naming;
using Flotilla.Daemon.Events;
using Flotilla.Daemon.Networks;

namespace Flotilla.Daemon.Balancers;

/// <summary>
/// The balancer verbs. PUT validates against the host's other balancers and stores the spec; the supervisor makes
/// flotilla-lb follow. One change at a time, so two PUTs cannot each pass against a set the other changes.
/// </summary>
internal sealed class BalancerCommands(BalancerRepository balancers, NetworkRepository networks, LbSupervisor supervisor, HostCompute compute, EventLog events) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>The host's flotilla-lb, when it runs: the sockets it holds are the balancers'.</summary>
    public int? LbPid => supervisor.State.Pid;

    /// <summary>flotilla-lb's last <c>/status</c> (fresh from the reload once a revision is live), or null.</summary>
    public StatusReport? LbStatus => supervisor.Status;

    /// <summary>Starts flotilla-lb ahead of balancers about to be put (a stack's apply); see <see cref="LbSupervisor.Prestart"/>.</summary>
    public void PrestartLb() => supervisor.Prestart();

    /// <summary>Completes when what the supervisor knows of flotilla-lb changes next (take it before looking).</summary>
    public Task LbNextChange => supervisor.NextChange;

    /// <summary>Creates or replaces; true when it was created.</summary>
    public async Task<(BalancerView View, bool Created)> PutAsync(string name, BalancerSpec spec, CancellationToken ct)
    {
        ResourceName.Validate(name, "balancer");
        if (spec.Name is { } named && named != name) throw new InvalidBalancerException($"balancer '{name}': the body names '{named}'; the path names the balancer");
        spec = spec with { Name = name };
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var others = await balancers.ListAsync(ct).ConfigureAwait(false);
            var known = (await networks.ListAsync(ct).ConfigureAwait(false)).Select(n => n.Name).ToHashSet(StringComparer.Ordinal);
            BalancerValidator.Validate(spec, others.Select(o => o.Spec), known.Contains, compute.Networks.Names.Namespace);
            var created = others.All(o => o.Spec.Name != name);
            if (!created && Same(others.First(o => o.Spec.Name == name).Spec, spec)) return (await GetAsync(name, ct).ConfigureAwait(false), false);
            await balancers.PutAsync(spec, ct).ConfigureAwait(false);
            events.Publish(created ? "balancer.created" : "balancer.changed", $"balancer/{name}", Describe(spec));
            return (await GetAsync(name, ct).ConfigureAwait(false), created);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <param name="force">Also a balancer or router a stack owns (the stack's own steps, or <c>--force</c>).</param>
    /// <exception cref="Stacks.StackOwnedException">A stack owns it and <paramref name="force"/> is false.</exception>
    public async Task DeleteAsync(string name, bool force, CancellationToken ct)
    {
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var found = await balancers.GetAsync(name, ct).ConfigureAwait(false) ?? throw new BalancerNotFoundException(name);
            if (!force && found.Spec.Labels.TryGetValue(Stacks.StackBalancers.StackLabel, out var stack))
            {
                throw new Stacks.StackOwnedException(found.Spec.IsRouter ? "router" : "balancer", name, stack);
            }
            if (!await balancers.DeleteAsync(name, ct).ConfigureAwait(false)) throw new BalancerNotFoundException(name);
            events.Publish("balancer.deleted", $"balancer/{name}", "deleted");
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<BalancerView> GetAsync(string name, CancellationToken ct) =>
        await balancers.GetAsync(name, ct).ConfigureAwait(false) is { } found ? View(found.Spec, found.Revision) : throw new BalancerNotFoundException(name);

    public async Task<IReadOnlyList<BalancerView>> ListAsync(CancellationToken ct) =>
        (await balancers.ListAsync(ct).ConfigureAwait(false)).Select(b => View(b.Spec, b.Revision)).ToList();

    private BalancerView View(BalancerSpec spec, long revision)
    {
        var state = supervisor.State;
        var verdict = BalancerLiveness.Of(spec, revision, state, supervisor.Status);
        var rules = supervisor.Status?.Rules.Where(r => r.Balancer == spec.Name).ToList() ?? [];
        var router = spec.IsRouter ? supervisor.Status?.Routers.FirstOrDefault(r => r.Name == spec.Name) : null;
        var members = spec.IsRouter
            ? router?.Farms.SelectMany(f => f.Members).Select(m => m.InRotation).ToList() ?? []
            : rules.SelectMany(r => r.Members.Where(m => m.Health != "draining")).Select(m => m.InRotation).ToList();
        return new BalancerView(spec.Name!, revision, spec, new BalancerStatus
        {
            Process = state.Process,
            Pid = state.Pid,
            Live = verdict.Live,
            Message = verdict.Message,
            BindError = verdict.BindError,
            MembersUp = members.Count(up => up),
            MembersDown = members.Count(up => !up),
            Rules = [.. rules.Select(LbStatusViews.Rule)],
            Router = router is null ? null : LbStatusViews.Router(router),
        });
    }

    /// <summary>Balancers only (<paramref name="routers"/> false), or routers only.</summary>
    public async Task<IReadOnlyList<BalancerView>> ListAsync(bool routers, CancellationToken ct) =>
        (await ListAsync(ct).ConfigureAwait(false)).Where(v => v.Spec.IsRouter == routers).ToList();

    private static string Describe(BalancerSpec spec) => spec.IsRouter
        ? $"router: {(spec.Router!["listeners"] as System.Text.Json.Nodes.JsonArray)?.Count ?? 0} listener(s), {(spec.Router["farms"] as System.Text.Json.Nodes.JsonArray)?.Count ?? 0} farm(s)" +
          (spec.Labels.Count > 0 ? $" ({string.Join(", ", spec.Labels.Select(l => $"{l.Key}: {l.Value}"))})" : "") :
        $"{spec.Rules.Count} rule{(spec.Rules.Count == 1 ? "" : "s")} on {spec.FrontendAddress ?? BalancerDefaults.FrontendAddress}" +
        (spec.Labels.Count > 0 ? $" ({string.Join(", ", spec.Labels.Select(l => $"{l.Key}: {l.Value}"))})" : "");

    private static bool Same(BalancerSpec a, BalancerSpec b) =>
        System.Text.Json.JsonSerializer.Serialize(a, Api.ApiJson.Options) == System.Text.Json.JsonSerializer.Serialize(b, Api.ApiJson.Options);

    public void Dispose() => _gate.Dispose();
}
