namespace Flotilla.Daemon.Vms;

/// <summary>A new VM's disk could not be made (qemu-img's words, or a file of its name already in the pool); nothing of the VM is left.</summary>
public sealed class VmDiskException(string vm, Exception inner) : Exception($"making the disk of VM '{vm}' failed: {inner.Message}", inner)
{
    public string Vm { get; } = vm;
}
