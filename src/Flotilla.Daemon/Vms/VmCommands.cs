using System.Security.Cryptography;
using Flotilla.Compute;
using Flotilla.Core.Naming;
using Flotilla.Core.Vms;
using Flotilla.Daemon.Reconciling;

namespace Flotilla.Daemon.Vms;

/// <summary>
/// What the API's verbs do: validate, then change the spec. Nothing here touches QEMU: the
/// reconciler, woken by the store's watch, makes the world follow.
/// </summary>
internal sealed class VmCommands(VmRepository vms, HostCompute compute, DaemonState state, VmReconciler reconciler)
{
    public const int MaxCpus = 64;
    public const int MaxMemoryMiB = 1024 * 1024;

    public async Task<VmView> CreateAsync(CreateVmRequest request, CancellationToken ct)
    {
        var name = ResourceName.Validate(request.Name, "VM");
        var template = compute.FindTemplate(request.Template ?? "");
        if (request.Cpus is < 1 or > MaxCpus) throw new InvalidSpecException($"cpus must be 1 to {MaxCpus} (got {request.Cpus})");
        if (request.MemoryMiB < template.MinMemoryMiB || request.MemoryMiB > MaxMemoryMiB)
        {
            throw new InvalidSpecException($"memory must be {template.MinMemoryMiB} to {MaxMemoryMiB} MiB for template {template.Name} (got {request.MemoryMiB})");
        }
        var forwards = request.Forwards ?? [];
        var existing = await vms.ListAsync(ct).ConfigureAwait(false);
        if (existing.Any(v => v.Name == name)) throw new VmExistsException(name);
        var taken = existing.SelectMany(v => v.Spec.Forwards.Select(f => (f.HostPort, v.Name))).ToDictionary(t => t.HostPort, t => t.Name);
        foreach (var group in forwards.GroupBy(f => f.HostPort))
        {
            if (group.Count() > 1) throw new InvalidSpecException($"host port {group.Key} is forwarded twice");
            if (taken.TryGetValue(group.Key, out var owner)) throw new InvalidSpecException($"host port {group.Key} is already forwarded to VM '{owner}'");
        }
        var spec = new VmSpec
        {
            Name = name, Template = template.Name, Cpus = request.Cpus, MemoryMiB = request.MemoryMiB, UserData = request.UserData,
            Transient = request.Transient, Forwards = forwards, OnCrash = request.OnCrash, FullClone = request.FullClone,
            Autostart = request.Autostart, Mac = NewMac(existing), InstanceId = $"i-{Convert.ToHexString(RandomNumberGenerator.GetBytes(8)).ToLowerInvariant()}",
            // A transient VM exists only while it runs (libvirt's create): it is started at once.
            Power = request.Transient ? PowerState.Running : PowerState.Stopped,
        };
        if (spec.Transient) state.Capacity.Check(Allocated(existing), spec);
        var revision = await vms.CreateAsync(spec, new VmStatus { Host = state.HostName }, ct).ConfigureAwait(false);
        return new VmView(name, revision, spec, new VmStatus { Host = state.HostName });
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
        if (vm.Spec.Power != PowerState.Stopped || vm.Status.State is VmState.Running or VmState.Paused or VmState.Starting or VmState.ShuttingDown)
        {
            throw new VmRunningException(name);
        }
        await reconciler.ForgetAsync(name).ConfigureAwait(false);
        await compute.DeleteAsync(name, ct).ConfigureAwait(false);
        await vms.DeleteAsync(name, ct).ConfigureAwait(false);
    }

    private static IEnumerable<VmSpec> Allocated(IEnumerable<VmView> all) => all.Where(v => v.Spec.Power != PowerState.Stopped).Select(v => v.Spec);

    /// <summary>A locally administered MAC in QEMU's 52:54:00 range, unique on this host.</summary>
    private static string NewMac(IReadOnlyList<VmView> existing)
    {
        while (true)
        {
            var b = RandomNumberGenerator.GetBytes(3);
            var mac = $"52:54:00:{b[0]:x2}:{b[1]:x2}:{b[2]:x2}";
            if (existing.All(v => v.Spec.Mac != mac)) return mac;
        }
    }
}
