using System.Diagnostics;
using System.Text.Json;
using CliWrap;
using CliWrap.Buffered;
using Xunit.Abstractions;

namespace Flotilla.Compute.Tests.Disks;

/// <summary>Disks as PrepareAsync makes them, checked with qemu-img itself.</summary>
public sealed class VmDiskTests(ITestOutputHelper output)
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task A_linked_clone_is_an_overlay_on_the_hosts_copy_of_the_template_disk_and_a_full_clone_stands_alone()
    {
        await using var host = TestHost.Create(output);
        await host.Compute.Vms.PrepareAsync(TestHost.Spec("warm-up"), None); // copies the template once
        var clock = Stopwatch.StartNew();
        await host.Compute.Vms.PrepareAsync(TestHost.Spec("linked-1"), None);
        output.WriteLine($"linked clone (disk + seed): {clock.Elapsed.TotalMilliseconds:0} ms");
        await host.Compute.Vms.PrepareAsync(TestHost.Spec("full-1", fullClone: true), None);

        var linked = await InfoAsync(Path.Combine(host.DataDir, "vms", "linked-1", "disk.qcow2"));
        var full = await InfoAsync(Path.Combine(host.DataDir, "vms", "full-1", "disk.qcow2"));

        var template = host.Compute.Templates.Built.Single(t => t.Name == "tiny-web");
        Assert.Equal(Path.Combine(host.DataDir, "templates", "tiny-web", template.InputsSha256, "disk.qcow2"), linked.GetProperty("backing-filename").GetString());
        Assert.Equal("qcow2", linked.GetProperty("format").GetString());
        Assert.False(full.TryGetProperty("backing-filename", out _));
        Assert.Equal(linked.GetProperty("virtual-size").GetInt64(), full.GetProperty("virtual-size").GetInt64());
    }

    [Fact]
    public async Task Preparing_again_keeps_the_disk_and_rewrites_the_seed()
    {
        await using var host = TestHost.Create(output);
        var spec = TestHost.Spec("again-1");
        await host.Compute.Vms.PrepareAsync(spec, None);
        var dir = Path.Combine(host.DataDir, "vms", spec.Name);
        var disk = File.GetLastWriteTimeUtc(Path.Combine(dir, "disk.qcow2"));
        const string Changed = "#!/bin/sh\necho changed\n";

        await host.Compute.Vms.PrepareAsync(spec with { UserData = Changed }, None);

        Assert.Equal(disk, File.GetLastWriteTimeUtc(Path.Combine(dir, "disk.qcow2")));
        Assert.Equal(Changed, await Seeds.SeedIsoTests.ReadAsync(Path.Combine(dir, "seed.iso"), "user-data"));
        Assert.Equal(["disk.qcow2", "seed.iso", "template"], Directory.GetFiles(dir).Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task An_unknown_template_is_refused_and_leaves_no_vm_directory()
    {
        await using var host = TestHost.Create(output);

        var e = await Assert.ThrowsAsync<TemplateNotFoundException>(() => host.Compute.Vms.PrepareAsync(TestHost.Spec("nope-1") with { Template = "no-such" }, None));

        Assert.Contains("tiny-web", e.Message); // says what is built
        Assert.False(Directory.Exists(Path.Combine(host.DataDir, "vms", "nope-1")));
        Assert.Empty(Directory.Exists(Path.Combine(host.DataDir, "vms")) ? Directory.GetFileSystemEntries(Path.Combine(host.DataDir, "vms")) : []);
    }

    [Fact]
    public async Task A_clone_copies_the_source_disk_as_it_is_now_linked_onto_the_template_or_standalone_without_its_snapshots()
    {
        await using var host = TestHost.Create(output);
        var source = TestHost.Spec("src-1");
        await host.Compute.Vms.PrepareAsync(source, None);
        var sourceDisk = Path.Combine(host.DataDir, "vms", "src-1", "disk.qcow2");
        await QemuIoAsync(sourceDisk, "write -P 0xab 1M 2M");
        await host.Compute.Snapshots.CreateAsync(source, "before", memory: false, None);
        await QemuIoAsync(sourceDisk, "write -P 0xcd 8M 1M");

        var clock = Stopwatch.StartNew();
        await host.Compute.Vms.CloneAsync(source, TestHost.Spec("linked-2"), None);
        output.WriteLine($"linked clone: {clock.Elapsed.TotalMilliseconds:0} ms");
        await host.Compute.Vms.CloneAsync(source, TestHost.Spec("full-2", fullClone: true), None);

        var template = host.Compute.Templates.Built.Single(t => t.Name == "tiny-web");
        var linkedDisk = Path.Combine(host.DataDir, "vms", "linked-2", "disk.qcow2");
        var fullDisk = Path.Combine(host.DataDir, "vms", "full-2", "disk.qcow2");
        var linked = await InfoAsync(linkedDisk);
        var full = await InfoAsync(fullDisk);
        Assert.Equal(Path.Combine(host.DataDir, "templates", "tiny-web", template.InputsSha256, "disk.qcow2"), linked.GetProperty("backing-filename").GetString());
        Assert.False(full.TryGetProperty("backing-filename", out _));
        Assert.True(await IdenticalAsync(sourceDisk, linkedDisk), "the linked clone reads as the source does");
        Assert.True(await IdenticalAsync(sourceDisk, fullDisk), "the full clone reads as the source does");
        // Thin: the linked clone holds the source's 3 MiB of changes, not the base under them.
        Assert.InRange(linked.GetProperty("actual-size").GetInt64(), 3 << 20, 8 << 20);
        Assert.False(linked.TryGetProperty("snapshots", out _));
        Assert.False(full.TryGetProperty("snapshots", out _));
        Assert.Empty(await host.Compute.Snapshots.ListAsync("linked-2", None));
        Assert.Single(await host.Compute.Snapshots.ListAsync("src-1", None));
        Assert.Equal(["disk.qcow2", "seed.iso", "template"], Directory.GetFiles(Path.Combine(host.DataDir, "vms", "linked-2")).Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal));
        Assert.Equal(await File.ReadAllTextAsync(Path.Combine(host.DataDir, "vms", "src-1", "template")), await File.ReadAllTextAsync(Path.Combine(host.DataDir, "vms", "linked-2", "template")));
    }

    [Fact]
    public async Task A_clone_that_fails_leaves_nothing_behind()
    {
        await using var host = TestHost.Create(output);
        var source = TestHost.Spec("src-2");
        await host.Compute.Vms.PrepareAsync(source, None);
        await File.WriteAllTextAsync(Path.Combine(host.DataDir, "vms", "src-2", "disk.qcow2"), "not a qcow2 image");

        var e = await Assert.ThrowsAsync<VmCloneException>(() => host.Compute.Vms.CloneAsync(source, TestHost.Spec("broken-1"), None));

        Assert.Contains("qemu-img convert", e.Message);
        Assert.Equal(["src-2"], Directory.GetFileSystemEntries(Path.Combine(host.DataDir, "vms")).Select(f => Path.GetFileName(f)));
    }

    private static async Task QemuIoAsync(string disk, string command) =>
        await Cli.Wrap("qemu-io").WithArguments(["-f", "qcow2", "-c", command, disk]).ExecuteBufferedAsync();

    private static async Task<bool> IdenticalAsync(string a, string b) =>
        (await Cli.Wrap("qemu-img").WithArguments(["compare", "-q", a, b]).WithValidation(CommandResultValidation.None).ExecuteBufferedAsync()).ExitCode == 0;

    private static async Task<JsonElement> InfoAsync(string disk)
    {
        var result = await Cli.Wrap("qemu-img").WithArguments(["info", "--output=json", "-U", disk]).ExecuteBufferedAsync();
        return JsonDocument.Parse(result.StandardOutput).RootElement.Clone();
    }
}
