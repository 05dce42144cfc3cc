namespace Flotilla.Daemon.Reconciling;

/// <summary>
/// One step a <see cref="VmWorker"/> takes towards a VM's spec, as <see cref="VmPlanner"/> decided it. The worker
/// carries it out and asks again; migration will add its own steps here.
/// </summary>
internal abstract record VmAction;
