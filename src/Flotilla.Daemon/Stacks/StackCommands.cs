using System.Diagnostics;
using System.Globalization;
using Flotilla.Core.Specs;
using Flotilla.Core.Stacks;
using Flotilla.Core.Vms;
using Flotilla.Daemon.Balancers;
using Flotilla.Daemon.Networks;
using Flotilla.Daemon.Pools;
using Flotilla.Daemon.Security;
using Flotilla.Daemon.Stacks.Status;
using Flotilla.Daemon.Templates;
using Flotilla.Daemon.Vms;

namespace Flotilla.Daemon.Stacks;

/// <summary>
/// <c>flotilla plan|apply|destroy</c>: a stack file is read and expanded (Flotilla.Core.Stacks), compared with what
/// the stack owns in the store, and the plan's steps are carried out in its order through the same commands the
/// CLI's verbs use, so every check (names, addresses, pools, capacity) holds for stacks too. Everything a stack makes
/// carries its <c>stack</c> tag; nothing else is touched. A failed step stops the apply; what was done stays
/// recorded, so the next apply plans from there. Each step done (or failed) is also an event of <c>stack/NAME</c>, so
/// a load test of the stack (<c>flotilla loadtest --stack</c>) sees a scale or a drain on its timeline.
/// </summary>
internal sealed class StackCommands(
    StackState state, VmCommands vmCommands, VmRepository vms, NetworkCommands networkCommands, NetworkRepository networks,
    SecurityGroupRepository groups, NetworkReconciler reconciler, TemplateCommands templates, PoolCommands pools, BalancerCommands balancers, DaemonState daemon,
    StackStatusReader statuses, Events.EventLog events, Flotilla.Compute.HostCompute compute, StackDeclarations declarations)
{
    private static readonly TimeSpan VmTimeout = TimeSpan.FromSeconds(180);
    private static readonly TimeSpan LbTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(120);
    // A router cannot say how many requests a member it no longer has still serves: they get this long.
    private static readonly TimeSpan DrainGrace = TimeSpan.FromSeconds(2);
    // Past a rule's drain timeout flotilla-lb ends the flows; a poll of its status may take this long to show it.
    private static readonly TimeSpan DrainMargin = TimeSpan.FromSeconds(2);

    /// <exception cref="SpecException">The file does not parse (file, line and key named).</exception>
    /// <exception cref="InvalidStackException">Its items do not fit together.</exception>
    /// <exception cref="StackConflictException">It would take a name something else holds.</exception>
    public async Task<(DesiredStack Desired, StackPlan Plan)> PlanAsync(StackSource source, CancellationToken ct)
    {
        var file = Read(source);
        var desired = StackExpander.Expand(file);
        await StackFrontendCheck.ThrowIfTakenAsync(file, desired, balancers, balancers.LbPid, ct).ConfigureAwait(false);
        await StackRouterCheck.ThrowIfInvalidAsync(file, desired, balancers, compute.Networks.Names.Namespace, ct).ConfigureAwait(false);
        var resolved = new Dictionary<string, ResolvedTemplate>(StringComparer.Ordinal);
        foreach (var template in desired.Vms.Select(v => v.Template).Distinct(StringComparer.Ordinal)) resolved[template] = await templates.ResolveAsync(template, ct).ConfigureAwait(false);
        foreach (var pool in desired.Vms.Select(v => v.Pool).OfType<string>().Distinct(StringComparer.Ordinal)) await pools.ResolveAsync(pool, ct).ConfigureAwait(false);
        var plan = StackPlanner.Plan(desired, await state.ReadAsync(ct).ConfigureAwait(false));
        if (plan.ToAdd + plan.ToChange > 0) await CheckCapacityAsync(desired, resolved, ct).ConfigureAwait(false);
        return (desired, plan);
    }

    /// <summary>The stack's running VMs, at their declared (or their template's) size, beside every other running VM.</summary>
    private async Task CheckCapacityAsync(DesiredStack desired, IReadOnlyDictionary<string, ResolvedTemplate> resolved, CancellationToken ct)
    {
        var others = (await vms.ListAsync(ct).ConfigureAwait(false)).Where(v => v.Spec.Stack != desired.Name && v.Spec.Power != PowerState.Stopped).Select(v => v.Spec);
        var wanted = desired.Vms.Where(v => v.Power != PowerState.Stopped)
            .Select(v => (v.Cpus ?? resolved[v.Template].Cpus, v.MemoryMiB ?? resolved[v.Template].MemoryMiB)).ToList();
        daemon.Capacity.CheckStack(desired.Name, others, wanted);
    }

    /// <summary>Carries out a plan made by <see cref="PlanAsync"/>, then reports the stack's outputs.</summary>
    public async Task ApplyAsync(DesiredStack desired, StackPlan plan, Func<StackProgress, Task> progress, CancellationToken ct)
    {
        // Before the first step: a step that fails leaves the rest declared, and stack show names them Missing.
        await declarations.PutAsync(desired, ct).ConfigureAwait(false);
        // flotilla-lb's start overlaps the steps before the balancers' (the host's first balancer is then a reload).
        if (plan.Steps.Any(s => s.Resource is StackBalancer or StackRouter && s.Action is StepAction.Create or StepAction.Update) && balancers.LbPid is null)
        {
            balancers.PrestartLb();
        }
        await RunAsync(plan, progress, ct).ConfigureAwait(false);
        if (plan.Steps.Count > 0) await WaitForReadyAsync(desired.Name, progress, ct).ConfigureAwait(false);
        // Read once, before evaluating: the evaluator is synchronous and must not block a thread on the store.
        var addresses = (await vms.ListAsync(ct).ConfigureAwait(false)).ToDictionary(v => v.Name, v => v.Spec.Nics.FirstOrDefault()?.Address, StringComparer.Ordinal);
        var outputs = OutputReferences.Evaluate(desired, vm => addresses.GetValueOrDefault(vm));
        await progress(new StackOutputs(outputs.ToDictionary(o => o.Key, o => o.Value))).ConfigureAwait(false);
    }

    /// <summary>
    /// Apply ends when the stack serves, not when its resources exist: a new VM counts once its probe has put it in
    /// rotation (the stack's conditions, <see cref="StackStatusReader"/>), so what follows an apply (a load test, a
    /// user's first request) meets every VM. Not ready within <see cref="ReadyTimeout"/> is reported with the first
    /// reason, not failed: everything was made, and the reconciler goes on.
    /// </summary>
    private async Task WaitForReadyAsync(string stack, Func<StackProgress, Task> progress, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        StackStatus? status = null;
        while (clock.Elapsed < ReadyTimeout)
        {
            status = await statuses.GetAsync(stack, ct).ConfigureAwait(false);
            if (status is null || status.Ready) break;
            await Task.Delay(TimeSpan.FromMilliseconds(250), ct).ConfigureAwait(false);
        }
        if (status is null) return;
        var state = status.Ready ? "ready" : $"not ready: {status.Message}";
        await progress(new StackStep { Action = "wait", Kind = "stack", Name = stack, State = state, Seconds = clock.Elapsed.TotalSeconds }).ConfigureAwait(false);
    }

    /// <summary>
    /// The plan that removes everything the stack owns (named by its file, whose contents do not matter, or by its name).
    /// With <paramref name="mustExist"/> (<c>destroy NAME</c>) a name no stack has is refused before anything is touched:
    /// with no file to say what was meant, a typo must not read as a destroy that succeeded.
    /// </summary>
    /// <exception cref="StackNotFoundException">Nothing carries its tag and no apply declared it.</exception>
    public async Task<StackPlan> PlanDestroyAsync(string stack, bool mustExist, CancellationToken ct)
    {
        if (mustExist) _ = await statuses.GetAsync(stack, ct).ConfigureAwait(false) ?? throw new StackNotFoundException(stack);
        return StackPlanner.PlanDestroy(stack, await state.ReadAsync(ct).ConfigureAwait(false));
    }

    public async Task DestroyAsync(StackPlan plan, Func<StackProgress, Task> progress, CancellationToken ct)
    {
        await RunAsync(plan, progress, ct).ConfigureAwait(false);
        await declarations.DeleteAsync(plan.Stack, ct).ConfigureAwait(false);
    }

    private async Task RunAsync(StackPlan plan, Func<StackProgress, Task> progress, CancellationToken ct)
    {
        await progress(new StackPlanned(plan.ToText())).ConfigureAwait(false);
        var started = new List<string>();
        foreach (var step in plan.Steps)
        {
            var clock = Stopwatch.StartNew();
            await progress(Step(step, "started", null)).ConfigureAwait(false);
            try
            {
                await RunStepAsync(step, started, ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                events.Publish("stack.failed", $"stack/{plan.Stack}", $"{step}: {e.Message}");
                throw;
            }
            events.Publish($"stack.{Step(step, "done", null).Action}", $"stack/{plan.Stack}", string.Create(CultureInfo.InvariantCulture, $"{step} ({clock.Elapsed.TotalSeconds:0.0} s)"));
            await progress(Step(step, "done", clock.Elapsed.TotalSeconds)).ConfigureAwait(false);
        }
        foreach (var vm in started)
        {
            var clock = Stopwatch.StartNew();
            await WaitForStateAsync(vm, VmState.Running, ct).ConfigureAwait(false);
            await progress(new StackStep { Action = "wait", Kind = "vm", Name = vm, State = "running", Seconds = clock.Elapsed.TotalSeconds }).ConfigureAwait(false);
        }
    }

    private static StackStep Step(PlanStep step, string state, double? seconds) => new()
    {
        Action = step.Action.ToString().ToLowerInvariant(), Kind = PlanText.KindWord(step.Kind), Name = step.Name, State = state,
        Seconds = seconds, Text = step.ToString(),
    };

    private async Task RunStepAsync(PlanStep step, List<string> started, CancellationToken ct)
    {
        switch (step.Resource)
        {
            case StackSecurityGroup group when step.Action == StepAction.Create:
                await groups.CreateAsync(group.Group, ct, group.Stack).ConfigureAwait(false);
                break;
            case StackSecurityGroup group when step.Action == StepAction.Update:
                await groups.UpdateAsync(group.Name, _ => group.Group, ct).ConfigureAwait(false);
                await reconciler.ApplyRulesForGroupAsync(group.Name, ct).ConfigureAwait(false);
                break;
            case StackSecurityGroup group when step.Action == StepAction.Delete:
                await groups.DeleteAsync(group.Name, ct).ConfigureAwait(false);
                break;
            case StackNetwork network when step.Action == StepAction.Create:
                await networkCommands.CreateAsync(new CreateNetworkRequest
                {
                    Name = network.Name, Cidr = network.Spec.Cidr, Mode = network.Spec.Mode, HostBridge = network.Spec.HostBridge,
                    SecurityGroup = network.Spec.SecurityGroup, Stack = network.Stack,
                }, ct).ConfigureAwait(false);
                break;
            case StackNetwork network when step.Action == StepAction.Update:
                await networks.UpdateAsync(network.Name, n => n with { SecurityGroup = network.Spec.SecurityGroup }, ct).ConfigureAwait(false);
                await reconciler.ApplyRulesAsync(network.Name, ct).ConfigureAwait(false);
                break;
            case StackNetwork network when step.Action == StepAction.Delete:
                await networkCommands.DeleteAsync(network.Name, force: true, ct).ConfigureAwait(false);
                break;
            case StackVm vm when step.Action == StepAction.Create:
                await vmCommands.CreateAsync(new CreateVmRequest
                {
                    Name = vm.VmName, Template = vm.Template, Cpus = vm.Cpus, MemoryMiB = vm.MemoryMiB, UserData = vm.UserData, Pool = vm.Pool,
                    OnCrash = vm.OnCrash, Autostart = vm.Autostart, Stack = vm.Stack,
                    Networks = [.. vm.Nics.Select(n => new NicRequest { Network = n.Network, Address = n.Address, SecurityGroup = n.SecurityGroup })],
                }, ct).ConfigureAwait(false);
                if (vm.Power == PowerState.Running)
                {
                    await vmCommands.StartAsync(vm.VmName, ct).ConfigureAwait(false);
                    started.Add(vm.VmName);
                }
                break;
            case StackVm vm when step.Action == StepAction.Update:
                await UpdateVmAsync(vm, step.Restart, started, ct).ConfigureAwait(false);
                break;
            case StackVm vm when step.Action == StepAction.Delete:
                await vmCommands.DestroyAsync(vm.VmName, ct).ConfigureAwait(false);
                await WaitForStateAsync(vm.VmName, VmState.Stopped, ct).ConfigureAwait(false);
                await vmCommands.UndefineAsync(vm.VmName, force: true, ct).ConfigureAwait(false);
                break;
            case StackBalancer balancer when step.Action is StepAction.Create or StepAction.Update or StepAction.Drain:
                var all = await vms.ListAsync(ct).ConfigureAwait(false);
                var spec = StackBalancers.ToSpec(balancer, (vm, network) =>
                    all.FirstOrDefault(v => v.Name == vm)?.Spec.Nics.FirstOrDefault(n => n.Network == network)?.Address);
                await balancers.PutAsync(balancer.Name, spec, ct).ConfigureAwait(false);
                await WaitLiveAsync(balancer.Name, ct).ConfigureAwait(false);
                // Drained VMs get no new flows from here on; the VM stops once the flows they have end.
                if (step.Action == StepAction.Drain) await WaitDrainedAsync(balancer, step.Drains, all, ct).ConfigureAwait(false);
                break;
            case StackBalancer balancer when step.Action == StepAction.Delete:
                await balancers.DeleteAsync(balancer.Name, force: true, ct).ConfigureAwait(false);
                break;
            case StackRouter router when step.Action is StepAction.Create or StepAction.Update or StepAction.Drain:
                var held = await vms.ListAsync(ct).ConfigureAwait(false);
                await balancers.PutAsync(router.Name, StackRouters.ToSpec(router, (vm, network) =>
                    held.FirstOrDefault(v => v.Name == vm)?.Spec.Nics.FirstOrDefault(n => n.Network == network)?.Address), ct).ConfigureAwait(false);
                await WaitLiveAsync(router.Name, ct).ConfigureAwait(false);
                // flotilla-lb lets requests in flight to a member it no longer has finish; a moment for them before the VM stops.
                if (step.Action == StepAction.Drain) await Task.Delay(DrainGrace, ct).ConfigureAwait(false);
                break;
            case StackRouter router when step.Action == StepAction.Delete:
                await balancers.DeleteAsync(router.Name, force: true, ct).ConfigureAwait(false);
                break;
            default:
                throw new InvalidOperationException($"no way to {step.Action.ToString().ToLowerInvariant()} a {PlanText.KindWord(step.Kind)} yet");
        }
    }

    private async Task UpdateVmAsync(StackVm vm, bool restart, List<string> started, CancellationToken ct)
    {
        if (restart)
        {
            await vmCommands.ShutdownAsync(vm.VmName, ct).ConfigureAwait(false);
            await WaitForStateAsync(vm.VmName, VmState.Stopped, ct).ConfigureAwait(false);
        }
        await vms.UpdateSpecAsync(vm.VmName, v => v.Spec with
        {
            Cpus = vm.Cpus ?? v.Spec.Cpus, MemoryMiB = vm.MemoryMiB ?? v.Spec.MemoryMiB, OnCrash = vm.OnCrash, Autostart = vm.Autostart,
            Nics = [.. v.Spec.Nics.Zip(vm.Nics, (nic, wanted) => nic with { SecurityGroup = wanted.SecurityGroup })],
        }, ct).ConfigureAwait(false);
        foreach (var network in vm.Nics.Select(n => n.Network).Distinct(StringComparer.Ordinal)) await reconciler.ApplyRulesAsync(network, ct).ConfigureAwait(false);
        if (restart && vm.Power == PowerState.Running)
        {
            await vmCommands.StartAsync(vm.VmName, ct).ConfigureAwait(false);
            started.Add(vm.VmName);
        }
    }

    /// <summary>
    /// Until flotilla-lb serves the balancer's current spec (its reload is confirmed by the config's hash): looked at
    /// again when the supervisor's knowledge changes, so the step ends when the confirmation comes, not a period later.
    /// </summary>
    private async Task WaitLiveAsync(string balancer, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var changed = balancers.LbNextChange;
            var view = await balancers.GetAsync(balancer, ct).ConfigureAwait(false);
            if (view.Status.Live) return;
            // A port another program holds does not come free by waiting: said now, and the stack shows it (PortInUse).
            if (view.Status.BindError is { } bind) throw new InvalidOperationException($"balancer '{balancer}' is not live: {bind}");
            if (clock.Elapsed > LbTimeout) throw new TimeoutException($"balancer '{balancer}' not live within {LbTimeout.TotalSeconds:0} s: {view.Status.Message}");
            // The supervisor's state says live; a look every half second too, as the spec's revision is read from the store.
            await Task.WhenAny(changed, Task.Delay(500, ct)).ConfigureAwait(false);
            ct.ThrowIfCancellationRequested();
        }
    }

    /// <summary>
    /// Until flotilla-lb reports no flow on the drained VMs' addresses (it drops a draining member at its last flow), or
    /// the longest drain timeout of the balancer's rules has passed (flotilla-lb then ends those flows itself).
    /// </summary>
    private async Task WaitDrainedAsync(StackBalancer balancer, IReadOnlyList<string> drained, IReadOnlyList<VmView> all, CancellationToken ct)
    {
        var networks = balancer.Pools.Select(p => p.Network).ToHashSet(StringComparer.Ordinal);
        var addresses = all.Where(v => drained.Contains(v.Name))
            .SelectMany(v => v.Spec.Nics.Where(n => networks.Contains(n.Network)).Select(n => n.Address))
            .OfType<string>().ToList();
        var limit = TimeSpan.FromSeconds(balancer.Rules.Select(r => r.DrainTimeoutSeconds ?? r.IdleTimeoutMinutes * 60).DefaultIfEmpty(0).Max()) + DrainMargin;
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var changed = balancers.LbNextChange;
            if (BalancerDrain.PendingFlows(balancers.LbStatus, balancer.Name, addresses) == 0 || clock.Elapsed >= limit) return;
            // Each poll of flotilla-lb's status is a change: looked at when it comes, and at least every half second.
            await Task.WhenAny(changed, Task.Delay(500, ct)).ConfigureAwait(false);
            ct.ThrowIfCancellationRequested();
        }
    }

    private async Task WaitForStateAsync(string vm, VmState state, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var view = await vms.GetAsync(vm, ct).ConfigureAwait(false) ?? throw new VmNotFoundException(vm);
            if (view.Status.State == state) return;
            if (state == VmState.Running && view.Status.State is VmState.Failed && view.Spec.OnCrash == CrashPolicy.Preserve)
            {
                throw new InvalidOperationException($"VM '{vm}' failed to start: {view.Status.Message}");
            }
            if (clock.Elapsed > VmTimeout) throw new TimeoutException($"VM '{vm}' not {state.ToString().ToLowerInvariant()} within {VmTimeout.TotalSeconds:0} s (it is {view.Status.State.ToString().ToLowerInvariant()}: {view.Status.Message})");
            await Task.Delay(200, ct).ConfigureAwait(false);
        }
    }

    /// <summary>The stack's name, from its file (which must parse).</summary>
    /// <exception cref="SpecException">The file does not parse.</exception>
    public static string NameOf(StackSource source) => Read(source).Name;

    private static StackFile Read(StackSource source)
    {
        var fileName = string.IsNullOrWhiteSpace(source.FileName) ? "stack.yaml" : source.FileName;
        if (string.IsNullOrEmpty(source.Yaml)) throw new SpecException(new SpecLocation(fileName, 1, 1), "(file)", "the stack file is empty");
        var files = source.Files ?? new Dictionary<string, string>();
        return StackFileReader.Parse(source.Yaml, fileName, name => files.TryGetValue(name, out var text)
            ? text
            : throw new FileNotFoundException($"{name} was not sent with the stack file"), source.Directory);
    }
}
