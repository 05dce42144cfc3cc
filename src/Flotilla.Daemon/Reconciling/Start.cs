namespace Flotilla.Daemon.Reconciling;

/// <summary>Prepare the VM's disks and start its QEMU.</summary>
internal sealed record Start : VmAction;
