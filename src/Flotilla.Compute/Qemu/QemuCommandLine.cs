using System.Globalization;

namespace Flotilla.Compute.Qemu;

/// <summary>
/// The QEMU command line of a VM, built only from its spec and file paths so that the same VM
/// gives the same line on any host (live migration starts an identical QEMU on the destination):
/// a pinned machine type, <c>-nodefaults</c>, and every device with an explicit id.
/// Devices: <c>nic0</c> (virtio-net on user-mode networking <c>net0</c>; or <c>nic0</c>, <c>nic1</c>, … on taps
/// <c>net0</c>, <c>net1</c>, … for a VM on Flotilla networks), <c>vblk0</c> (the
/// disk), <c>vseed0</c> (the NoCloud seed, read-only), <c>balloon0</c>; the serial console
/// goes to a file.
/// </summary>
public static class QemuCommandLine
{
    public const string Binary = "qemu-system-x86_64";
    /// <summary>Debian 12's QEMU 7.2 q35 machine.</summary>
    public const string DefaultMachineType = "pc-q35-7.2";
    /// <summary>
    /// The guest kernel's command line (images/README.md): the console on the serial port, no boot chatter
    /// (each character is slow under TCG), reboot at once on a panic, and no crypto self-tests (about 0.2 s).
    /// </summary>
    public const string KernelArguments = "console=ttyS0 quiet panic=-1 cryptomgr.notests";
    /// <summary>The VM's own disk as QEMU's block layer names it (QMP's <c>device</c>): where snapshots live.</summary>
    public const string DiskDrive = "disk0";

    public static IReadOnlyList<string> Build(QemuLaunch launch)
    {
        var spec = launch.Spec;
        var invariant = CultureInfo.InvariantCulture;
        if (launch.Taps.Count != spec.Nics.Count) throw new ArgumentException($"{spec.Nics.Count} NICs but {launch.Taps.Count} taps", nameof(launch));
        return
        [
            .. launch.Taps.Count > 0 ? (string[])["-S"] : [],
            "-name", $"guest={spec.Name},debug-threads=on",
            "-machine", launch.MachineType,
            "-accel", launch.Accel,
            "-nodefaults", "-no-user-config",
            "-m", spec.MemoryMiB.ToString(invariant),
            "-smp", spec.Cpus.ToString(invariant),
            "-kernel", launch.Kernel,
            "-initrd", launch.Initrd,
            "-append", KernelArguments,
            "-serial", $"file:{launch.ConsoleLog}",
            "-display", "none",
            "-qmp", $"unix:{launch.QmpSocket},server=on,wait=off",
            "-pidfile", launch.PidFile,
            .. Nics(launch),
            "-drive", $"if=none,id={DiskDrive},file={launch.Disk},format=qcow2",
            "-device", $"virtio-blk-pci,drive={DiskDrive},id=vblk0",
            "-drive", $"if=none,id=seed0,file={launch.Seed},format=raw,readonly=on",
            "-device", "virtio-blk-pci,drive=seed0,id=vseed0",
            "-device", "virtio-balloon-pci,id=balloon0",
        ];
    }

    private static IEnumerable<string> Nics(QemuLaunch launch)
    {
        var spec = launch.Spec;
        if (spec.Nics.Count == 0)
        {
            var netdev = "user,id=net0" + string.Concat(spec.Forwards.Select(f => $",hostfwd=tcp:127.0.0.1:{f.HostPort}-:{f.GuestPort}"));
            return ["-netdev", netdev, "-device", $"virtio-net-pci,netdev=net0,id=nic0,mac={spec.Mac}"];
        }
        // vhost=off: vhost-net needs /dev/vhost-net and buys nothing under TCG.
        return spec.Nics.SelectMany((nic, i) => new[]
        {
            "-netdev", $"tap,id=net{i},ifname={launch.Taps[i]},script=no,downscript=no,vhost=off",
            "-device", $"virtio-net-pci,netdev=net{i},id=nic{i},mac={nic.Mac}",
        });
    }
}
