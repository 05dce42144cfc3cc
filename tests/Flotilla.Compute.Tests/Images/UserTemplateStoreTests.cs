using System.Text.Json;
using CliWrap;
using CliWrap.Buffered;
using Xunit.Abstractions;

namespace Flotilla.Compute.Tests.Images;

[System.Runtime.Versioning.SupportedOSPlatform("linux")]
/// <summary>User templates' files: a flattened, read-only base disk with the kernel its VM booted; VMs made from it.</summary>
public sealed class UserTemplateStoreTests(ITestOutputHelper output)
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task A_template_from_a_vm_is_a_standalone_read_only_base_that_new_vms_clone_linked_or_full()
    {
        await using var host = TestHost.Create(output);
        await host.Compute.Vms.PrepareAsync(TestHost.Spec("src-1"), None);
        await DiskSnapshotOf(Path.Combine(host.DataDir, "vms", "src-1", "disk.qcow2"));

        var build = await host.Compute.Templates.CreateAsync(TestHost.Spec("src-1"), "golden", None);

        Assert.Equal(Path.Combine(host.DataDir, "templates", "golden", build.Id), build.Directory);
        Assert.StartsWith("user-", build.Id);
        Assert.StartsWith("tiny-web/", build.Boots);
        Assert.Equal(64, build.MinMemoryMiB);
        Assert.Equal(["disk.qcow2", "initramfs.cpio.gz", "manifest", "vmlinux"], Directory.GetFiles(build.Directory).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.All(Directory.GetFiles(build.Directory), f => Assert.Equal(UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead, File.GetUnixFileMode(f)));
        var info = await InfoAsync(build.BaseDisk);
        Assert.False(info.TryGetProperty("backing-filename", out _)); // flattened
        Assert.False(info.TryGetProperty("snapshots", out _)); // the source's snapshots stay with it
        Assert.Equal(build, host.Compute.Templates.FindUser("golden"));
        Assert.Equal(build.BaseDisk, (await host.Compute.Templates.DescribeDiskAsync("golden", None)).Path);

        await host.Compute.Vms.PrepareAsync(TestHost.Spec("from-1") with { Template = "golden" }, None);
        await host.Compute.Vms.PrepareAsync(TestHost.Spec("from-2", fullClone: true) with { Template = "golden" }, None);
        Assert.Equal(build.BaseDisk, (await host.Compute.Disks.DescribeDiskAsync("from-1", None))!.BackingFile);
        Assert.Null((await host.Compute.Disks.DescribeDiskAsync("from-2", None))!.BackingFile);
        Assert.Equal($"golden/{build.Id}", (await File.ReadAllTextAsync(Path.Combine(host.DataDir, "vms", "from-1", "template"))).Trim());

        host.Compute.Templates.Delete("golden");
        Assert.False(Directory.Exists(Path.Combine(host.DataDir, "templates", "golden")));
        Assert.Null(host.Compute.Templates.FindUser("golden"));
        Assert.True(Directory.Exists(Path.Combine(host.DataDir, "templates", "tiny-web"))); // built copies stay
    }

    [Fact]
    public async Task A_failed_template_leaves_nothing()
    {
        await using var host = TestHost.Create(output);
        await host.Compute.Vms.PrepareAsync(TestHost.Spec("bad-1"), None);
        var disk = Path.Combine(host.DataDir, "vms", "bad-1", "disk.qcow2");
        await File.WriteAllTextAsync(disk, "not a qcow2");

        var e = await Assert.ThrowsAsync<TemplateCreateException>(() => host.Compute.Templates.CreateAsync(TestHost.Spec("bad-1"), "broken", None));

        Assert.Contains("qemu-img convert", e.Message);
        Assert.False(Directory.Exists(Path.Combine(host.DataDir, "templates", "broken")));
    }

    private static async Task DiskSnapshotOf(string disk) =>
        await Cli.Wrap("qemu-img").WithArguments(["snapshot", "-c", "before", disk]).ExecuteBufferedAsync();

    private static async Task<JsonElement> InfoAsync(string disk)
    {
        var result = await Cli.Wrap("qemu-img").WithArguments(["info", "--output=json", "-U", disk]).ExecuteBufferedAsync();
        return JsonDocument.Parse(result.StandardOutput).RootElement.Clone();
    }
}
