using Flotilla.Compute.Qemu;
using Flotilla.Core.Vms;

namespace Flotilla.Compute.Tests.Qemu;

public sealed class QemuCommandLineTests
{
    private static QemuLaunch Launch(VmSpec spec) => new()
    {
        Spec = spec, Accel = "tcg", Kernel = "/img/vmlinux", Initrd = "/img/initramfs.cpio.gz",
        Disk = "/vms/web-1/disk.qcow2", Seed = "/vms/web-1/seed.iso", QmpSocket = "/vms/web-1/qmp.sock",
        ConsoleLog = "/vms/web-1/console.log", PidFile = "/vms/web-1/qemu.pid",
    };

    private static readonly VmSpec Web1 = new()
    {
        Name = "web-1", Template = "tiny-web", Cpus = 2, MemoryMiB = 128, Mac = "52:54:00:12:34:56", InstanceId = "i-1",
        Forwards = [new PortForward(18080, 80), new PortForward(18022, 22)],
    };

    [Fact]
    public void The_same_spec_gives_the_same_line_with_pinned_machine_and_named_devices()
    {
        var line = QemuCommandLine.Build(Launch(Web1));
        Assert.Equal(line, QemuCommandLine.Build(Launch(Web1 with { })));
        var text = string.Join(' ', line);
        Assert.Contains("-machine pc-q35-7.2 -accel tcg -nodefaults -no-user-config -m 128 -smp 2", text);
        Assert.Contains("-kernel /img/vmlinux", text);
        var append = line[line.ToList().IndexOf("-append") + 1];
        Assert.Equal("console=ttyS0 quiet panic=-1 cryptomgr.notests", append);
        Assert.Contains("-netdev user,id=net0,hostfwd=tcp:127.0.0.1:18080-:80,hostfwd=tcp:127.0.0.1:18022-:22", text);
        Assert.Contains("virtio-net-pci,netdev=net0,id=nic0,mac=52:54:00:12:34:56", text);
        Assert.Contains("file=/vms/web-1/seed.iso,format=raw,readonly=on", text);
        foreach (var id in new[] { "id=nic0", "id=vblk0", "id=vseed0", "id=balloon0" }) Assert.Contains(id, text);
        Assert.DoesNotContain("-daemonize", text);
    }

    [Fact]
    public void Forwards_only_ever_bind_loopback()
    {
        var text = string.Join(' ', QemuCommandLine.Build(Launch(Web1)));
        Assert.DoesNotContain("hostfwd=tcp::", text);
        Assert.DoesNotContain("hostfwd=tcp:0.0.0.0", text);
    }
}
