using System.Security.Cryptography;
using Flotilla.Compute;
using Flotilla.Core.Naming;
using Flotilla.Core.Vms;
using Flotilla.Daemon.Reconciling;

namespace Flotilla.Daemon.Vms;

/// <summary>
/// What the API's verbs do: validate, then change the spec. Nothing here touches QEMU: the
/// reconciler, woken by the store's watch, makes the world follow. Only undefine and clone do
/// file work at once, through the compute runtime, on a VM that is stopped.
/// </summary>
internal sealed class VmCommands(VmRepository vms, HostCompute compute, DaemonState state, VmReconciler reconciler, VmNics nics) : IDisposable
{
    public const int MaxCpus = 64;
    public const int MaxMemoryMiB = 1024 * 1024;

    /// <summary>Create and clone, one at a time: "the name is free" stays true until the new VM is in the store.</summary>
    private readonly SemaphoreSlim _defining = new(1, 1);

    public async Task<VmView> CreateAsync(CreateVmRequest request, CancellationToken ct)
    {
        await _defining.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            return await DefineAsync(request, ct).ConfigureAwait(false);
        }
        finally
        {
            _defining.Release();
        }
    }

    private async Task<VmView> DefineAsync(CreateVmRequest request, CancellationToken ct)
    {
        var name = ResourceName.Validate(request.Name, "VM");
        var template = compute.FindTemplate(request.Template ?? "");
        if (request.Cpus is < 1 or > MaxCpus) throw new InvalidSpecException($"cpus must be 1 to {MaxCpus} (got {request.Cpus})");
        if (request.MemoryMiB < template.MinMemoryMiB || request.MemoryMiB > MaxMemoryMiB)
        {
            throw new InvalidSpecException($"memory must be {template.MinMemoryMiB} to {MaxMemoryMiB} MiB for template {template.Name} (got {request.MemoryMiB})");
        }
        var existing = await vms.ListAsync(ct).ConfigureAwait(false);
        if (existing.Any(v => v.Name == name)) throw new VmExistsException(name);
        var forwards = CheckForwards(request.Forwards ?? [], existing);
        if (request.Networks is { Count: > 0 } && forwards.Count > 0)
        {
            throw new InvalidSpecException("forwards are for user networking: a VM on a network is reached through it (flotilla network exec, a balancer)");
        }
        var mac = NewMac(existing, []);
        var assigned = await nics.AssignAsync(name, request.Networks ?? [], m => NewMac(existing, m), ct).ConfigureAwait(false);
        if (assigned.Count > 0) mac = assigned[0].Mac;
        var spec = new VmSpec
        {
            Name = name, Template = template.Name, Cpus = request.Cpus, MemoryMiB = request.MemoryMiB, UserData = request.UserData,
            Transient = request.Transient, Forwards = forwards, OnCrash = request.OnCrash, FullClone = request.FullClone,
            Autostart = request.Autostart, Mac = mac, Nics = assigned, InstanceId = NewInstanceId(),
            // A transient VM exists only while it runs (libvirt's create): it is started at once.
            Power = request.Transient ? PowerState.Running : PowerState.Stopped,
        };
        try
        {
            if (spec.Transient) state.Capacity.Check(Allocated(existing), spec);
            var revision = await vms.CreateAsync(spec, new VmStatus { Host = state.HostName }, ct).ConfigureAwait(false);
            await nics.RefreshAsync(assigned, ct).ConfigureAwait(false);
            return new VmView(name, revision, spec, new VmStatus { Host = state.HostName });
        }
        catch
        {
            await nics.ReleaseAsync(name, assigned, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// <c>vm clone</c>: a new, stopped VM with the source's template, size, user-data and crash policy, a new MAC and a
    /// new instance-id (so its user-data runs again, under its own identity), its own forwards (none unless given: the
    /// source's would collide), and a disk with the source's content as it is now (<see cref="HostCompute.CloneAsync"/>).
    /// The source must be stopped. The files are made first and the definition stored last; if storing fails, the
    /// files go again, so a failed clone leaves nothing.
    /// </summary>
    public async Task<VmView> CloneAsync(string sourceName, CloneVmRequest request, CancellationToken ct)
    {
        var name = ResourceName.Validate(request.Name, "VM");
        await _defining.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var existing = await vms.ListAsync(ct).ConfigureAwait(false);
            var source = existing.FirstOrDefault(v => v.Name == sourceName) ?? throw new VmNotFoundException(sourceName);
            if (IsUp(source))
            {
                throw new VmRunningException(sourceName,
                    $"VM '{sourceName}' is running: shut it down before cloning it (live cloning is not supported: its disk would change under the copy)");
            }
            if (existing.Any(v => v.Name == name)) throw new VmExistsException(name);
            var forwards = CheckForwards(request.Forwards ?? [], existing);
            if (source.Spec.Nics.Count > 0 && forwards.Count > 0) throw new InvalidSpecException("forwards are for user networking, and the source is on networks");
            // Same networks and security groups, new addresses and MACs: a clone is never a duplicate on the wire.
            var wanted = source.Spec.Nics.Select(n => new NicRequest { Network = n.Network, SecurityGroup = n.SecurityGroup }).ToList();
            var assigned = await nics.AssignAsync(name, wanted, m => NewMac(existing, m), ct).ConfigureAwait(false);
            var spec = source.Spec with
            {
                Name = name, Forwards = forwards, FullClone = request.FullClone, Nics = assigned,
                Mac = assigned.Count > 0 ? assigned[0].Mac : NewMac(existing, []), InstanceId = NewInstanceId(), Power = PowerState.Stopped, Transient = false, Autostart = false,
                BalloonTargetMiB = null, ForceStop = false, RebootGeneration = 0,
            };
            var status = new VmStatus { Host = state.HostName };
            try
            {
                // No VM of that name is defined, so a directory of that name is what an interrupted create or clone left.
                await compute.DeleteAsync(name, ct).ConfigureAwait(false);
                await compute.CloneAsync(source.Spec, spec, ct).ConfigureAwait(false);
                var revision = await vms.CreateAsync(spec, status, ct).ConfigureAwait(false);
                await nics.RefreshAsync(assigned, ct).ConfigureAwait(false);
                return new VmView(name, revision, spec, status);
            }
            catch
            {
                await compute.DeleteAsync(name, CancellationToken.None).ConfigureAwait(false);
                await nics.ReleaseAsync(name, assigned, CancellationToken.None).ConfigureAwait(false);
                throw;
            }
        }
        finally
        {
            _defining.Release();
        }
    }

    public async Task<VmView> StartAsync(string name, CancellationToken ct)
    {
        var all = await vms.ListAsync(ct).ConfigureAwait(false);
        var vm = all.FirstOrDefault(v => v.Name == name) ?? throw new VmNotFoundException(name);
        if (vm.Spec.Power == PowerState.Stopped) state.Capacity.Check(Allocated(all), vm.Spec);
        return await vms.UpdateSpecAsync(name, v => v.Spec with { Power = PowerState.Running, ForceStop = false }, ct).ConfigureAwait(false);
    }

    public Task<VmView> ShutdownAsync(string name, CancellationToken ct) =>
        vms.UpdateSpecAsync(name, v => v.Spec with { Power = PowerState.Stopped, ForceStop = false }, ct);

    public Task<VmView> DestroyAsync(string name, CancellationToken ct) =>
        vms.UpdateSpecAsync(name, v => v.Spec with { Power = PowerState.Stopped, ForceStop = true }, ct);

    public Task<VmView> PauseAsync(string name, CancellationToken ct) =>
        vms.UpdateSpecAsync(name, v => v.Spec.Power == PowerState.Stopped ? throw new InvalidSpecException($"VM '{name}' is not running") : v.Spec with { Power = PowerState.Paused }, ct);

    public Task<VmView> ResumeAsync(string name, CancellationToken ct) =>
        vms.UpdateSpecAsync(name, v => v.Spec.Power == PowerState.Stopped ? throw new InvalidSpecException($"VM '{name}' is not running") : v.Spec with { Power = PowerState.Running }, ct);

    public Task<VmView> RebootAsync(string name, CancellationToken ct) =>
        vms.UpdateSpecAsync(name, v => v.Spec.Power == PowerState.Stopped ? throw new InvalidSpecException($"VM '{name}' is not running") : v.Spec with { RebootGeneration = v.Spec.RebootGeneration + 1 }, ct);

    public Task<VmView> SetAutostartAsync(string name, bool enabled, CancellationToken ct) =>
        vms.UpdateSpecAsync(name, v => v.Spec with { Autostart = enabled }, ct);

    public Task<VmView> SetBalloonAsync(string name, int targetMiB, CancellationToken ct) =>
        vms.UpdateSpecAsync(name, v => targetMiB < 16 || targetMiB > v.Spec.MemoryMiB
            ? throw new InvalidSpecException($"balloon target must be 16 to {v.Spec.MemoryMiB} MiB (got {targetMiB})")
            : v.Spec with { BalloonTargetMiB = targetMiB }, ct);

    /// <summary>Removes a stopped VM's definition and files (libvirt's undefine).</summary>
    public async Task UndefineAsync(string name, CancellationToken ct)
    {
        var vm = await vms.GetAsync(name, ct).ConfigureAwait(false) ?? throw new VmNotFoundException(name);
        if (IsUp(vm)) throw new VmRunningException(name);
        await reconciler.ForgetAsync(name).ConfigureAwait(false);
        await compute.DeleteAsync(name, ct).ConfigureAwait(false);
        await vms.DeleteAsync(name, ct).ConfigureAwait(false);
        await nics.ReleaseAsync(name, vm.Spec.Nics, ct).ConfigureAwait(false);
        await nics.RefreshAsync(vm.Spec.Nics, ct).ConfigureAwait(false);
    }

    /// <summary>Meant to run, or not yet seen stopped: its QEMU may be up.</summary>
    private static bool IsUp(VmView vm) =>
        vm.Spec.Power != PowerState.Stopped || vm.Status.State is VmState.Running or VmState.Paused or VmState.Starting or VmState.ShuttingDown;

    /// <summary>Each host port once on this host: not twice in the request, not already another VM's.</summary>
    private static IReadOnlyList<PortForward> CheckForwards(IReadOnlyList<PortForward> forwards, IReadOnlyList<VmView> existing)
    {
        var taken = existing.SelectMany(v => v.Spec.Forwards.Select(f => (f.HostPort, v.Name))).ToDictionary(t => t.HostPort, t => t.Name);
        foreach (var group in forwards.GroupBy(f => f.HostPort))
        {
            if (group.Count() > 1) throw new InvalidSpecException($"host port {group.Key} is forwarded twice");
            if (taken.TryGetValue(group.Key, out var owner)) throw new InvalidSpecException($"host port {group.Key} is already forwarded to VM '{owner}'");
        }
        return forwards;
    }

    private static string NewInstanceId() => $"i-{Convert.ToHexString(RandomNumberGenerator.GetBytes(8)).ToLowerInvariant()}";

    public void Dispose() => _defining.Dispose();

    private static IEnumerable<VmSpec> Allocated(IEnumerable<VmView> all) => all.Where(v => v.Spec.Power != PowerState.Stopped).Select(v => v.Spec);

    /// <summary>A locally administered MAC in QEMU's 52:54:00 range, unique on this host (every NIC of every VM, and
    /// <paramref name="taken"/>: those just given to the VM being defined). Never reused by a clone: it gets new ones.</summary>
    private static string NewMac(IReadOnlyList<VmView> existing, IReadOnlyCollection<string> taken)
    {
        var used = existing.SelectMany(v => v.Spec.Nics.Select(n => n.Mac).Append(v.Spec.Mac)).Concat(taken).ToHashSet(StringComparer.Ordinal);
        while (true)
        {
            var mac = Flotilla.Core.Networks.MacAddress.NewRandom();
            if (!used.Contains(mac)) return mac;
        }
    }
}
