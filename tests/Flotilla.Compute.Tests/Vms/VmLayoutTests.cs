using System.Text;
using Flotilla.Compute.Vms;
using Flotilla.Core.Naming;

namespace Flotilla.Compute.Tests.Vms;

public sealed class VmLayoutTests
{
    [Fact]
    public void A_vm_keeps_its_files_in_its_own_directory()
    {
        var paths = new VmLayout("/var/lib/flotilla/host-a").For("web-1");

        Assert.Equal("/var/lib/flotilla/host-a/vms/web-1", paths.Dir);
        Assert.Equal(
            ["disk.qcow2", "seed.iso", "qmp.sock", "qemu.pid", "console.log", "qemu.log", "template"],
            new[] { paths.Disk, paths.Seed, paths.QmpSocket, paths.PidFile, paths.ConsoleLog, paths.QemuLog, paths.TemplateRecord }
                .Select(p => Path.GetRelativePath(paths.Dir, p)));
    }

    [Fact]
    public void A_socket_path_too_long_for_sun_path_moves_to_a_short_per_host_directory()
    {
        var longDataDir = "/srv/" + new string('d', 80);
        var name = new string('n', 63);
        var layout = new VmLayout(longDataDir);

        var socket = layout.For(name).QmpSocket;

        Assert.Equal($"/tmp/flotilla-{layout.HostId}/{name}.qmp", socket);
        Assert.True(Encoding.UTF8.GetByteCount(socket) <= VmLayout.MaxSocketPathBytes);
        Assert.NotEqual(layout.HostId, new VmLayout(longDataDir + "-other").HostId);
        Assert.Equal(layout.HostId, new VmLayout(longDataDir + "/").HostId);
    }

    [Fact]
    public void A_name_that_is_no_dns_label_never_becomes_a_path()
    {
        var layout = new VmLayout("/var/lib/flotilla");

        Assert.Throws<InvalidNameException>(() => layout.For("../etc"));
        Assert.Throws<InvalidNameException>(() => layout.For("Web_1"));
    }
}
