using Flotilla.Compute;
using Flotilla.Compute.Networking;
using System.Net;
using System.Net.NetworkInformation;
using Flotilla.Compute.Networking.Security;
using Flotilla.Core.Networks;
using Flotilla.Daemon.Events;
using Flotilla.Daemon.Security;
using Flotilla.Core.Vms;
using Flotilla.Daemon.Vms;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Flotilla.Daemon.Networks;

/// <summary>
/// Keeps this host's networks as the store says: at start it builds every defined network (after a reboot nothing
/// exists) and deletes the namespaces of networks no longer defined; then every few seconds it rebuilds a network
/// whose namespace went missing. Changes made through the API are applied at once by <see cref="EnsureAsync"/> and
/// <see cref="RemoveAsync"/>; all work on the host's networks goes through one gate.
/// </summary>
internal sealed partial class NetworkReconciler(
    NetworkRepository networks, VmRepository vms, SecurityGroupRepository groups, HostCompute compute, EventLog events,
    Balancers.LbSupervisor balancers, ILogger<NetworkReconciler> logger) : BackgroundService
{
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(3);
    private const int SigKill = 9;
    private readonly SemaphoreSlim _gate = new(1, 1);

    private HostNetworks Host => compute.Networks;

    public async Task<NetworkRuntime> EnsureAsync(NetworkSpec spec, CancellationToken ct)
    {
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var built = await Host.EnsureAsync(spec, ct).ConfigureAwait(false);
            await ApplyRulesLockedAsync(spec.Name, ct).ConfigureAwait(false);
            return built;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Recompiles the network's rules from the store (every VM NIC on it, with port security; the groups attached to
    /// the network and to each NIC) and replaces them in its namespace in one transaction.
    /// </summary>
    /// <exception cref="NftException">nft refused.</exception>
    public async Task ApplyRulesAsync(string network, CancellationToken ct)
    {
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            await ApplyRulesLockedAsync(network, ct).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Recompiles every network a security group reaches: where it is attached, or attached to a NIC on it.</summary>
    public async Task ApplyRulesForGroupAsync(string group, CancellationToken ct)
    {
        var touched = (await networks.ListAsync(ct).ConfigureAwait(false)).Where(n => n.SecurityGroup == group).Select(n => n.Name)
            .Concat((await vms.ListAsync(ct).ConfigureAwait(false)).SelectMany(v => v.Spec.Nics).Where(n => n.SecurityGroup == group).Select(n => n.Network))
            .Distinct(StringComparer.Ordinal);
        foreach (var network in touched) await ApplyRulesAsync(network, ct).ConfigureAwait(false);
    }

    private async Task ApplyRulesLockedAsync(string name, CancellationToken ct)
    {
        var spec = await networks.GetAsync(name, ct).ConfigureAwait(false);
        var ns = Host.Names.Namespace(name);
        // A network without its namespace gets its rules when it is rebuilt.
        if (spec is null || !File.Exists(NetworkNames.NamespacePath(ns))) return;
        var byName = (await groups.ListAsync(ct).ConfigureAwait(false)).ToDictionary(g => g.Name, StringComparer.Ordinal);
        var plan = AddressPlan.Parse(spec.Cidr);
        var ports = (await vms.ListAsync(ct).ConfigureAwait(false))
            .SelectMany(v => v.Spec.Nics.Select((nic, i) => (Vm: v.Name, Nic: nic, Index: i)))
            .Where(p => p.Nic.Network == name)
            .Select(p => new SecuredPort
            {
                Tap = Host.Names.Tap(p.Vm, p.Index),
                Mac = PhysicalAddress.Parse(p.Nic.Mac),
                Address = IPAddress.Parse(p.Nic.Address),
                NetworkGroup = spec.SecurityGroup is { } network ? byName.GetValueOrDefault(network) : null,
                NicGroup = p.Nic.SecurityGroup is { } nic ? byName.GetValueOrDefault(nic) : null,
            })
            .ToList();
        await NsgApplier.ApplyAsync(ns, new SecuredNetwork { Cidr = plan.Network, Gateway = plan.Gateway, Ports = ports }, ct).ConfigureAwait(false);
    }

    public async Task RemoveAsync(string name, CancellationToken ct)
    {
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            await Host.DeleteAsync(name, ct).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Builds every network before the VM reconciler (registered after this) starts VMs on them.</summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!HostNetworks.Available)
        {
            Log.Unavailable(logger);
            return;
        }
        try
        {
            await ReconcileAsync(all: true, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.Failed(logger, e.Message);
        }
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(Period, stoppingToken).ConfigureAwait(false);
                await ReconcileAsync(all: false, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                Log.Failed(logger, e.Message);
            }
        }
    }

    private async Task ReconcileAsync(bool all, CancellationToken ct)
    {
        var defined = await networks.ListAsync(ct).ConfigureAwait(false);
        var present = Host.Present().ToHashSet(StringComparer.Ordinal);
        foreach (var spec in defined)
        {
            if (!all && present.Contains(spec.Name)) continue;
            try
            {
                await EnsureAsync(spec, ct).ConfigureAwait(false);
                if (!all)
                {
                    Log.Rebuilt(logger, spec.Name);
                    events.Publish("network.rebuilt", $"network/{spec.Name}", $"its namespace {Host.Names.Namespace(spec.Name)} was missing; rebuilt");
                    await ReconnectAsync(spec.Name, ct).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is NetworkSetupException or InvalidNetworkException or NftException)
            {
                Log.NotBuilt(logger, spec.Name, e.Message);
            }
        }
        foreach (var orphan in present.Except(defined.Select(n => n.Name)))
        {
            await RemoveAsync(orphan, ct).ConfigureAwait(false);
            Log.OrphanRemoved(logger, orphan);
        }
    }

    /// <summary>
    /// After a rebuild: the taps of running VMs died with the old namespace. A VM under <c>onCrash: restart</c> (a
    /// stack's) is restarted by killing its QEMU, which its worker sees as a crash and starts again, with new taps on
    /// the new bridge; others are left running, off the network, and logged. flotilla-lb reloads so its pools use the
    /// new namespace.
    /// </summary>
    private async Task ReconnectAsync(string network, CancellationToken ct)
    {
        foreach (var vm in await vms.ListAsync(ct).ConfigureAwait(false))
        {
            if (vm.Spec.Nics.All(n => n.Network != network) || vm.Status.Pid is not { } pid || vm.Status.State != VmState.Running) continue;
            if (vm.Spec.OnCrash == CrashPolicy.Restart)
            {
                Log.Reconnecting(logger, vm.Name, network);
                _ = Flotilla.Compute.Qemu.Libc.kill(pid, SigKill);
            }
            else
            {
                Log.OffNetwork(logger, vm.Name, network);
            }
        }
        balancers.ReloadNamespaces();
    }

    public override void Dispose()
    {
        _gate.Dispose();
        base.Dispose();
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 6101, Level = LogLevel.Warning, Message = "Network {Network}: its namespace was missing; rebuilt")]
        public static partial void Rebuilt(ILogger logger, string network);

        [LoggerMessage(EventId = 6102, Level = LogLevel.Error, Message = "Network {Network} could not be built: {Problem}")]
        public static partial void NotBuilt(ILogger logger, string network, string problem);

        [LoggerMessage(EventId = 6103, Level = LogLevel.Information, Message = "Network {Network} is no longer defined: its namespace was removed")]
        public static partial void OrphanRemoved(ILogger logger, string network);

        [LoggerMessage(EventId = 6104, Level = LogLevel.Warning, Message = "Not root: virtual networks are unavailable, only user networking works")]
        public static partial void Unavailable(ILogger logger);

        [LoggerMessage(EventId = 6106, Level = LogLevel.Warning, Message = "VM {Vm} lost its tap on rebuilt network {Network}: restarting it (onCrash: restart)")]
        public static partial void Reconnecting(ILogger logger, string vm, string network);

        [LoggerMessage(EventId = 6107, Level = LogLevel.Warning, Message = "VM {Vm} lost its tap on rebuilt network {Network}: it stays off the network until restarted (onCrash: preserve)")]
        public static partial void OffNetwork(ILogger logger, string vm, string network);

        [LoggerMessage(EventId = 6105, Level = LogLevel.Error, Message = "Network reconciliation failed: {Problem}")]
        public static partial void Failed(ILogger logger, string problem);
    }
}
