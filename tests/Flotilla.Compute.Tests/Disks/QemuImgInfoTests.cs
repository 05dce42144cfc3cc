using Flotilla.Compute.Disks;

namespace Flotilla.Compute.Tests.Disks;

public sealed class QemuImgInfoTests
{
    [Fact]
    public void An_overlay_names_its_backing_file_and_its_blocks_against_its_virtual_size()
    {
        const string Json = """
            { "backing-filename-format": "qcow2", "virtual-size": 67108864, "filename": "disk.qcow2", "format": "qcow2",
              "actual-size": 200704, "full-backing-filename": "/data/templates/tiny-web/abc/disk.qcow2", "backing-filename": "abc/disk.qcow2" }
            """;

        var info = QemuImgInfo.Parse(Json, "/pool/web-1.qcow2", 196616);

        Assert.Equal(new DiskInfo { Path = "/pool/web-1.qcow2", VirtualBytes = 64 << 20, AllocatedBytes = 200704, FileBytes = 196616, BackingFile = "/data/templates/tiny-web/abc/disk.qcow2" }, info);
    }

    [Fact]
    public void A_standalone_disk_has_no_backing_file()
    {
        var info = QemuImgInfo.Parse("""{ "virtual-size": 1048576, "actual-size": 4096, "format": "qcow2" }""", "/d.qcow2", 4096);

        Assert.Null(info.BackingFile);
        Assert.Equal(1 << 20, info.VirtualBytes);
    }
}
