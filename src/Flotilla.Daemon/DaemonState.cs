using Flotilla.Compute;

namespace Flotilla.Daemon;

/// <summary>Facts about this host the API and the reconciler share: its name, capacity, and the (cached) acceleration probe.</summary>
internal sealed class DaemonState(string hostName, HostCompute compute, Flotilla.Daemon.Vms.HostCapacity capacity)
{
    private readonly Lazy<Task<AccelVerdict>> _accel = new(() => compute.Accel.ProbeAsync(CancellationToken.None));

    public string HostName { get; } = hostName;
    public Flotilla.Daemon.Vms.HostCapacity Capacity { get; } = capacity;

    public Task<AccelVerdict> AccelAsync(CancellationToken cancellationToken) => _accel.Value.WaitAsync(cancellationToken);
}
