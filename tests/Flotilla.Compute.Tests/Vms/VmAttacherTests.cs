using Flotilla.Compute.Vms;

namespace Flotilla.Compute.Tests.Vms;

public sealed class VmAttacherTests
{
    private static readonly VmPaths Web1 = new VmLayout("/var/lib/flotilla").For("web-1");

    [Fact]
    public void Only_a_qemu_whose_pidfile_is_this_vms_counts_as_its_qemu()
    {
        Assert.True(VmAttacher.IsQemuOf(["/usr/bin/qemu-system-x86_64", "-m", "128", "-pidfile", Web1.PidFile], Web1));
        Assert.False(VmAttacher.IsQemuOf(["/usr/bin/qemu-system-x86_64", "-pidfile", "/var/lib/flotilla/vms/web-2/qemu.pid"], Web1));
        Assert.False(VmAttacher.IsQemuOf(["/usr/bin/sleep", "-pidfile", Web1.PidFile], Web1));
        Assert.False(VmAttacher.IsQemuOf(null, Web1));
    }

    [Fact]
    public void The_qmp_socket_is_read_from_the_command_line()
    {
        Assert.Equal("/tmp/flotilla-abc/web-1.qmp", VmAttacher.QmpSocketOf(["qemu-system-x86_64", "-qmp", "unix:/tmp/flotilla-abc/web-1.qmp,server=on,wait=off"]));
        Assert.Null(VmAttacher.QmpSocketOf(["qemu-system-x86_64", "-m", "128"]));
    }
}
