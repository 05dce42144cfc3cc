using System.Net;
using System.Text.Json.Nodes;
using Flotilla.Testing;

namespace Flotilla.EndToEnd.Tests.Vms;

/// <summary>Storage pools through the CLI and real guests: a VM's disk in a pool, thin provisioning visible, capacity refused.</summary>
[Collection(VmCollection.Name)]
public sealed class PoolTests(DaemonFixture daemon)
{
    private const string UserData = "#!/bin/sh\nmkdir -p /www\necho \"Hello from $(hostname)\" > /www/index.html\nhttpd -p 80 -h /www\n";

    [Fact]
    public async Task A_vm_in_a_gold_pool_serves_its_thin_disk_is_listed_there_and_clones_snapshots_and_undefine_keep_the_pool_whole()
    {
        var poolDir = Path.Combine(daemon.Dir, "pools", "gold");
        var userData = Path.Combine(daemon.Dir, "pl-hello.sh");
        await File.WriteAllTextAsync(userData, UserData);
        var port = FreePort.Tcp();
        try
        {
            Assert.Contains($"pool pl-gold created: gold, 2.0 GiB in {poolDir}", await daemon.OkAsync("pool", "create", "pl-gold", "--path", poolDir, "--capacity", "2G", "--tier", "gold"));
            await daemon.OkAsync("vm", "create", "pl-web", "--template", "tiny-web", "--pool", "pl-gold", "--user-data", userData, "--forward", $"{port}:80");
            await daemon.OkAsync("vm", "start", "pl-web");
            await DaemonFixture.WaitForPageAsync(port, "Hello from pl-web");

            var pool = await daemon.JsonAsync("pool", "show", "pl-gold");
            var volume = Assert.Single(pool["volumes"]!.AsArray())!;
            Assert.Equal("pl-web", volume["vm"]!.GetValue<string>());
            Assert.Equal(Path.Combine(poolDir, "pl-web.qcow2"), volume["file"]!.GetValue<string>());
            var virtualBytes = volume["virtualBytes"]!.GetValue<long>();
            var allocated = volume["allocatedBytes"]!.GetValue<long>();
            Assert.True(virtualBytes > allocated, $"thin: {virtualBytes} virtual, {allocated} allocated");
            Assert.Contains("/templates/tiny-web/", volume["backingFile"]!.GetValue<string>());
            Assert.Equal(2L << 30, pool["capacityBytes"]!.GetValue<long>());
            Assert.Equal(allocated, pool["allocatedBytes"]!.GetValue<long>());
            Assert.Equal(virtualBytes, pool["provisionedBytes"]!.GetValue<long>());
            Assert.Equal((2L << 30) - allocated, pool["freeBytes"]!.GetValue<long>());
            Assert.Equal("gold", pool["tier"]!.GetValue<string>());

            var table = await daemon.OkAsync("pool", "list");
            Assert.Contains(table.Split('\n'), l => l.StartsWith("pl-gold ", StringComparison.Ordinal) && l.Contains("gold") && l.Contains("2.0 GiB") && l.Contains("64.0 MiB") && l.EndsWith(poolDir, StringComparison.Ordinal));
            Assert.Contains(table.Split('\n'), l => l.StartsWith("default ", StringComparison.Ordinal) && l.Contains("silver"));
            var show = await daemon.OkAsync("vm", "show", "pl-web");
            Assert.Contains("pool:", show);
            Assert.Contains("pl-gold", show);
            Assert.Contains("64.0 MiB virtual, ", show);
            Assert.Contains($" allocated, {Path.Combine(poolDir, "pl-web.qcow2")} (backed by ", show);

            // Snapshots and clones of a VM whose disk is in a pool: the snapshot lives in the pool's file, the clone lands in the pool.
            await daemon.OkAsync("vm", "snapshot", "create", "pl-web", "warm");
            await daemon.OkAsync("vm", "shutdown", "pl-web");
            Assert.Contains("warm", await daemon.OkAsync("vm", "snapshot", "list", "pl-web"));
            await daemon.OkAsync("vm", "clone", "pl-web", "pl-copy");
            Assert.Equal(["pl-copy", "pl-web"], (await daemon.JsonAsync("pool", "show", "pl-gold"))["volumes"]!.AsArray().Select(v => v!["vm"]!.GetValue<string>()));
            Assert.Equal(["pl-copy.qcow2", "pl-web.qcow2"], Directory.GetFiles(poolDir).Select(Path.GetFileName).Order(StringComparer.Ordinal));

            Assert.Contains("pool 'pl-gold' holds the disks of VMs pl-copy, pl-web: undefine them first", await daemon.FailsAsync(1, "pool", "delete", "pl-gold"));
            await daemon.OkAsync("vm", "undefine", "pl-copy");
            await daemon.OkAsync("vm", "undefine", "pl-web");
            Assert.Empty(Directory.GetFileSystemEntries(poolDir)); // no orphan volume
            await daemon.OkAsync("pool", "delete", "pl-gold");
            Assert.False(Directory.Exists(poolDir)); // the pool made it, so it goes too
        }
        finally
        {
            await daemon.RemoveVmsAsync("pl-copy", "pl-web");
            await daemon.Http.DeleteAsync("/v1/pools/pl-gold");
        }
    }

    [Fact]
    public async Task A_disk_that_does_not_fit_is_refused_with_what_is_short_and_leaves_nothing_and_bad_input_gets_one_line()
    {
        var tinyDir = Path.Combine(daemon.Dir, "pools", "tiny");
        try
        {
            await daemon.OkAsync("pool", "create", "pl-tiny", "--path", tinyDir, "--capacity", "512K", "--tier", "bronze");

            // The base disk is a 1 MiB file: a full copy does not fit in 512 KiB.
            Assert.Equal("flotilla: pool 'pl-tiny' has 512.0 KiB free of 512.0 KiB; a full clone of tiny-web needs 1.0 MiB",
                await daemon.FailsAsync(1, "vm", "create", "pl-big", "--template", "tiny-web", "--pool", "pl-tiny", "--full-clone"));
            Assert.Equal(HttpStatusCode.NotFound, (await daemon.Http.GetAsync("/v1/vms/pl-big")).StatusCode);
            Assert.Empty(Directory.GetFileSystemEntries(tinyDir));
            Assert.Empty(Directory.EnumerateFileSystemEntries(daemon.Dir, "*pl-big*", SearchOption.AllDirectories));

            // A linked clone's overlay starts nearly empty: it fits, thin.
            await daemon.OkAsync("vm", "create", "pl-small", "--template", "tiny-web", "--pool", "pl-tiny");
            var small = (await daemon.JsonAsync("vm", "show", "pl-small"))["disk"]!;
            Assert.Equal(Path.Combine(tinyDir, "pl-small.qcow2"), small["file"]!.GetValue<string>());
            Assert.True(small["allocatedBytes"]!.GetValue<long>() < 512 << 10);
            Assert.True((await daemon.JsonAsync("pool", "show", "pl-tiny"))["overcommit"]!.GetValue<double>() > 100); // 64 MiB promised on 512 KiB

            // A file the pool did not make is never overwritten.
            var clash = Path.Combine(tinyDir, "pl-clash.qcow2");
            await File.WriteAllTextAsync(clash, "not ours");
            Assert.Contains($"pool 'pl-tiny' already has a file {clash}", await daemon.FailsAsync(1, "vm", "create", "pl-clash", "--template", "tiny-web", "--pool", "pl-tiny"));
            Assert.Equal("not ours", await File.ReadAllTextAsync(clash));
            Assert.Equal(HttpStatusCode.NotFound, (await daemon.Http.GetAsync("/v1/vms/pl-clash")).StatusCode);
            File.Delete(clash);

            Assert.Contains("no pool named 'nope'", await daemon.FailsAsync(2, "vm", "create", "pl-x", "--template", "tiny-web", "--pool", "nope"));
            Assert.Contains("no template named 'nope'", await daemon.FailsAsync(2, "vm", "create", "pl-x", "--template", "nope", "--pool", "pl-tiny"));
            Assert.Contains("invalid pool name 'Bad_Name'", await daemon.FailsAsync(2, "pool", "create", "Bad_Name", "--path", "/tmp/x", "--capacity", "1G", "--tier", "gold"));
            Assert.Contains("--tier", await daemon.FailsAsync(2, "pool", "create", "pl-t2", "--path", tinyDir + "2", "--capacity", "1G", "--tier", "platinum"));
            Assert.Contains("capacity '20X' is not a size", await daemon.FailsAsync(2, "pool", "create", "pl-t2", "--path", tinyDir + "2", "--capacity", "20X", "--tier", "gold"));
            Assert.Contains("pool path must be absolute (got 'pools/x')", await daemon.FailsAsync(2, "pool", "create", "pl-t2", "--path", "pools/x", "--capacity", "1G", "--tier", "gold"));
            Assert.Contains("is inside pool 'pl-tiny'", await daemon.FailsAsync(2, "pool", "create", "pl-t2", "--path", Path.Combine(tinyDir, "inner"), "--capacity", "1G", "--tier", "gold"));
            Assert.Contains("inside pool 'default'", await daemon.FailsAsync(2, "pool", "create", "pl-t2", "--path", Path.Combine(daemon.Dir, "data", "vms", "x"), "--capacity", "1G", "--tier", "gold"));
            Assert.Contains("a pool named 'pl-tiny' already exists", await daemon.FailsAsync(1, "pool", "create", "pl-tiny", "--path", tinyDir + "2", "--capacity", "1G", "--tier", "gold"));
            Assert.Contains("cannot be deleted", await daemon.FailsAsync(1, "pool", "delete", "default"));
            Assert.Contains("no pool named 'nope'", await daemon.FailsAsync(2, "pool", "show", "nope"));
            Assert.False(Directory.Exists(tinyDir + "2"));
            Assert.Equal(["default", "pl-tiny"], (await daemon.JsonAsync("pool", "list")).AsArray().Select(p => p!["name"]!.GetValue<string>()));
        }
        finally
        {
            await daemon.RemoveVmsAsync("pl-small", "pl-big");
            await daemon.Http.DeleteAsync("/v1/pools/pl-tiny");
        }
        Assert.False(Directory.Exists(tinyDir));
    }
}
