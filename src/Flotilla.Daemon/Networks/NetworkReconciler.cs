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
using System.Threading.Channels;
using Flotilla.Daemon.Reconciling;
using Flotilla.Store.Informers;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Flotilla.Daemon.Networks;

/// <summary>
/// Keeps this host's networks as the store says: at start it builds every defined network (after a reboot nothing
/// exists) and deletes the namespaces of networks no longer defined. Then it follows two things instead of polling:
/// the store (a <see cref="StoreInformer{T}"/> on <c>networks/spec/</c>: a network defined or undefined by anyone
/// sharing the store is built or removed here) and the host's namespace directory (inotify: a namespace deleted under
/// us is rebuilt within moments). A full pass every <see cref="Resync"/> is the safety net for a missed notification.
/// Changes made through the API are applied at once by <see cref="EnsureAsync"/> and <see cref="RemoveAsync"/>; all
/// work on the host's networks goes through one gate.
/// </summary>
internal sealed partial class NetworkReconciler(
    NetworkRepository networks, VmRepository vms, SecurityGroupRepository groups, HostCompute compute, EventLog events,
    Balancers.LbSupervisor balancers, VmReconciler reconciler, TimeProvider time, ILogger<NetworkReconciler> logger) : BackgroundService
{
    /// <summary>How often everything is checked again although nothing was told (Kubernetes' informer resync).</summary>
    internal static readonly TimeSpan Resync = TimeSpan.FromSeconds(30);
    private readonly SemaphoreSlim _gate = new(1, 1);
    /// <summary>The networks built by this daemon (under the gate): one of them found missing was lost, not new.</summary>
    private readonly HashSet<string> _built = new(StringComparer.Ordinal);
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    private HostNetworks Host => compute.Networks;

    public async Task<NetworkRuntime> EnsureAsync(NetworkSpec spec, CancellationToken ct)
    {
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            return await EnsureLockedAsync(spec, ct).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<NetworkRuntime> EnsureLockedAsync(NetworkSpec spec, CancellationToken ct)
    {
        var built = await Host.EnsureAsync(spec, ct).ConfigureAwait(false);
        await ApplyRulesLockedAsync(spec.Name, ct).ConfigureAwait(false);
        _built.Add(spec.Name);
        return built;
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
            await RemoveLockedAsync(name, ct).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task RemoveLockedAsync(string name, CancellationToken ct)
    {
        await Host.DeleteAsync(name, ct).ConfigureAwait(false);
        _built.Remove(name);
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
        if (!HostNetworks.Available) return;
        using var namespaces = WatchNamespaces();
        var informer = new StoreInformer<NetworkSpec>(
            networks.Store, NetworkRepository.SpecPrefix, NetworkRepository.Read,
            // The first list is what StartAsync built; afterwards a change made elsewhere is a reason to look again.
            (change, _) => { if (!change.FirstList) Wake(); return ValueTask.CompletedTask; }, time, logger);
        var following = informer.RunAsync(stoppingToken);
        try
        {
            while (true)
            {
                using var pause = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                pause.CancelAfter(Resync);
                try
                {
                    await _wake.Reader.ReadAsync(pause.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
                {
                    // The resync.
                }
                try
                {
                    await ReconcileAsync(all: false, stoppingToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    Log.Failed(logger, e.Message);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
        finally
        {
            await following.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).ConfigureAwait(false);
        }
    }

    private void Wake() => _wake.Writer.TryWrite(true);

    /// <summary>Tells the loop when a namespace file is deleted (<c>ip netns del</c> unlinks it).</summary>
    private FileSystemWatcher? WatchNamespaces()
    {
        try
        {
            Directory.CreateDirectory(NetworkNames.NamespaceDir);
            var watcher = new FileSystemWatcher(NetworkNames.NamespaceDir) { IncludeSubdirectories = false };
            watcher.Deleted += (_, _) => Wake();
            watcher.Renamed += (_, _) => Wake();
            watcher.Error += (_, _) => Wake();
            watcher.EnableRaisingEvents = true;
            return watcher;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or PlatformNotSupportedException)
        {
            // The resync still finds a lost namespace, later.
            Log.NotWatching(logger, NetworkNames.NamespaceDir, e.Message);
            return null;
        }
    }

    /// <summary>
    /// Builds what is defined and not here (<paramref name="all"/>: everything, at start) and removes what is here and
    /// no longer defined. Each network is checked and acted on under the gate, so a network the API is creating right
    /// now is not taken for a lost one: only a network built here before and now missing is "rebuilt".
    /// </summary>
    private async Task ReconcileAsync(bool all, CancellationToken ct)
    {
        var defined = await networks.ListAsync(ct).ConfigureAwait(false);
        foreach (var spec in defined)
        {
            bool rebuilt;
            await _gate.WaitAsync(ct).ConfigureAwait(false);
            try
            {
                if (!all && File.Exists(NetworkNames.NamespacePath(Host.Names.Namespace(spec.Name)))) continue;
                // Undefined since the list above: the API deletes the spec, then the namespace; not a lost one.
                if (!all && await networks.GetAsync(spec.Name, ct).ConfigureAwait(false) is null) continue;
                rebuilt = !all && _built.Contains(spec.Name);
                await EnsureLockedAsync(spec, ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is NetworkSetupException or InvalidNetworkException or NftException)
            {
                Log.NotBuilt(logger, spec.Name, e.Message);
                continue;
            }
            finally
            {
                _gate.Release();
            }
            if (!rebuilt) continue;
            Log.Rebuilt(logger, spec.Name);
            events.Publish("network.rebuilt", $"network/{spec.Name}", $"its namespace {Host.Names.Namespace(spec.Name)} was missing; rebuilt");
            await ReconnectAsync(spec.Name, ct).ConfigureAwait(false);
        }
        foreach (var orphan in Host.Present().Except(defined.Select(n => n.Name), StringComparer.Ordinal))
        {
            await _gate.WaitAsync(ct).ConfigureAwait(false);
            try
            {
                // Defined since the list above (the API creates the spec, then the namespace): not an orphan.
                if (await networks.GetAsync(orphan, ct).ConfigureAwait(false) is not null) continue;
                await RemoveLockedAsync(orphan, ct).ConfigureAwait(false);
            }
            finally
            {
                _gate.Release();
            }
            Log.OrphanRemoved(logger, orphan);
        }
    }

    /// <summary>
    /// After a rebuild: the taps of running VMs died with the old namespace. Each VM with a NIC on it hears so through
    /// its own worker (<see cref="VmReconciler.TapsLost"/>), which restarts it onto the new bridge under
    /// <c>onCrash: restart</c> (a stack's) or leaves it running off the network and says so. flotilla-lb reloads so its
    /// pools use the new namespace.
    /// </summary>
    private async Task ReconnectAsync(string network, CancellationToken ct)
    {
        foreach (var vm in await vms.ListAsync(ct).ConfigureAwait(false))
        {
            if (vm.Spec.Nics.Any(n => n.Network == network)) reconciler.TapsLost(vm.Name, network);
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

        [LoggerMessage(EventId = 6108, Level = LogLevel.Warning, Message = "Not watching {Directory} for deleted namespaces ({Problem}): a lost one is rebuilt at the next resync")]
        public static partial void NotWatching(ILogger logger, string directory, string problem);

        [LoggerMessage(EventId = 6105, Level = LogLevel.Error, Message = "Network reconciliation failed: {Problem}")]
        public static partial void Failed(ILogger logger, string problem);
    }
}
