using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Flotilla.Compute.Qemu;
using Flotilla.Compute.Qemu.Qmp.Commands;
using Flotilla.Core.Vms;
using Flotilla.Testing;
using Xunit.Abstractions;

namespace Flotilla.Compute.Tests.Vms;

/// <summary>Real guests under TCG: start, serve, stop, crash, re-attach. At most two QEMUs at a time (mostly one).</summary>
[Collection(QemuCollection.Name)]
public sealed class HostComputeLifecycleTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Boot = TimeSpan.FromSeconds(60);
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task A_guest_serves_its_user_data_through_its_forward_and_a_shutdown_ends_it_on_request()
    {
        await using var host = TestHost.Create(output);
        var port = FreePort.Tcp();
        var spec = TestHost.Spec("web-7", forwards: new PortForward(port, 80));
        var clock = Stopwatch.StartNew();
        await host.Compute.Vms.PrepareAsync(spec, None);
        var prepared = clock.Elapsed;

        clock.Restart();
        var vm = await host.Compute.Vms.StartAsync(spec, AccelVerdict.Tcg, None);
        var qmpUp = clock.Elapsed;
        var (body, first200) = await GuestHttp.FirstAnswerAsync(port, clock, Boot);

        Assert.Equal("Hello from VM 7\n", body);
        output.WriteLine($"prepare {prepared.TotalMilliseconds:0} ms; start -> QMP up {qmpUp.TotalMilliseconds:0} ms, -> first HTTP 200 {first200.TotalMilliseconds:0} ms; {Rss(vm.Pid)}");
        // Its own session: Ctrl-C in ours, or our exit, never reaches it.
        Assert.Equal(vm.Pid, Libc.getsid(vm.Pid));
        Assert.NotEqual(Libc.getsid(0), Libc.getsid(vm.Pid));
        Assert.Equal("running", (await vm.Qmp.ExecuteAsync(new QueryStatus())).Status);
        await Assert.ThrowsAsync<InvalidOperationException>(() => host.Compute.Vms.DeleteAsync(spec.Name, None));

        clock.Restart();
        await host.Compute.Vms.ShutdownAsync(vm, None);
        var exit = await vm.Exited;
        output.WriteLine($"shutdown {clock.Elapsed.TotalMilliseconds:0} ms: {exit.Reason}");

        Assert.True(exit.Requested, exit.Reason);
        Assert.Null(ProcessTable.State(vm.Pid)); // exited and reaped: no zombie
        Assert.Empty(host.LiveQemus());
        Assert.Contains("flotilla-init: bye", await File.ReadAllTextAsync(host.Compute.Vms.ConsoleLogPath(spec.Name)));
        var dir = Path.Combine(host.DataDir, "vms", spec.Name);
        Assert.False(File.Exists(Path.Combine(dir, "qemu.pid")));
        Assert.False(File.Exists(Path.Combine(dir, "qmp.sock")));

        await host.Compute.Vms.DeleteAsync(spec.Name, None);
        Assert.False(Directory.Exists(dir));
    }

    [Fact]
    public async Task A_killed_qemu_is_a_crash_and_its_files_are_cleaned_up()
    {
        await using var host = TestHost.Create(output);
        var spec = TestHost.Spec("crash-1");
        var vm = await host.Compute.Vms.StartAsync(spec, AccelVerdict.Tcg, None);

        using (var qemu = Process.GetProcessById(vm.Pid)) qemu.Kill();
        var exit = await vm.Exited.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.False(exit.Requested, exit.Reason);
        Assert.Contains("signal 9", exit.Reason);
        Assert.Null(ProcessTable.State(vm.Pid));
        var dir = Path.Combine(host.DataDir, "vms", spec.Name);
        Assert.False(File.Exists(Path.Combine(dir, "qemu.pid")));
        Assert.False(File.Exists(Path.Combine(dir, "qmp.sock")));
        Assert.Null(await host.Compute.Vms.TryAttachAsync(spec, None));
    }

    [Fact]
    public async Task A_qemu_terminated_from_outside_is_a_crash_that_names_the_signal()
    {
        await using var host = TestHost.Create(output);
        var vm = await host.Compute.Vms.StartAsync(TestHost.Spec("term-1"), AccelVerdict.Tcg, None);

        using (var kill = Process.Start("kill", ["-TERM", vm.Pid.ToString(CultureInfo.InvariantCulture)])) await kill.WaitForExitAsync();
        var exit = await vm.Exited.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.False(exit.Requested, exit.Reason);
        Assert.Contains("termination signal", exit.Reason);
    }

    [Fact]
    public async Task A_guest_that_powers_itself_off_ended_on_request()
    {
        await using var host = TestHost.Create(output);
        var vm = await host.Compute.Vms.StartAsync(TestHost.Spec("off-1", userData: "#!/bin/sh\npoweroff\n"), AccelVerdict.Tcg, None);

        var exit = await vm.Exited.WaitAsync(Boot);

        Assert.True(exit.Requested, exit.Reason);
        Assert.Contains("guest powered off", exit.Reason);
    }

    [Fact]
    public async Task A_new_runtime_on_the_same_data_dir_reattaches_to_a_running_guest_and_shuts_it_down()
    {
        await using var host = TestHost.Create(output);
        var spec = TestHost.Spec("keep-1");
        var vm = await host.Compute.Vms.StartAsync(spec, AccelVerdict.Tcg, None);
        var pid = vm.Pid;
        var startedAt = vm.StartedAt;

        await host.Compute.DisposeAsync(); // the daemon goes away
        Assert.True(ProcessTable.IsAlive(pid));
        var restarted = host.NewCompute();
        var attached = await restarted.Vms.TryAttachAsync(spec, None);

        Assert.NotNull(attached);
        Assert.Equal(pid, attached.Pid);
        Assert.InRange(attached.StartedAt - startedAt, TimeSpan.FromSeconds(-1), TimeSpan.FromSeconds(1));
        Assert.Equal("running", (await attached.Qmp.ExecuteAsync(new QueryStatus())).Status);
        Assert.Same(attached, await restarted.Vms.TryAttachAsync(spec, None));
        await Assert.ThrowsAsync<InvalidOperationException>(() => restarted.Vms.StartAsync(spec, AccelVerdict.Tcg, None));

        await restarted.Vms.ShutdownAsync(attached, None);
        var exit = await attached.Exited;

        Assert.True(exit.Requested, exit.Reason);
        Assert.False(ProcessTable.IsAlive(pid));
        Assert.Null(await restarted.Vms.TryAttachAsync(spec, None));
    }

    [Fact]
    public async Task With_a_data_dir_too_long_for_a_socket_path_qmp_lives_in_a_short_host_dir_and_destroy_quits()
    {
        await using var host = TestHost.Create(output, o => o with { DataDir = Path.Combine(o.DataDir, new string('d', 90)) });
        var spec = TestHost.Spec("long-1");
        var vm = await host.Compute.Vms.StartAsync(spec, AccelVerdict.Tcg, None);
        var socket = Directory.GetFileSystemEntries(new Compute.Vms.VmLayout(host.Options.DataDir).ShortSocketDir).Single();
        Assert.Equal("long-1.qmp", Path.GetFileName(socket));
        await host.Compute.DisposeAsync();

        var attached = await host.NewCompute().Vms.TryAttachAsync(spec, None);
        Assert.NotNull(attached);
        await host.Compute.Vms.DestroyAsync(attached, None);
        var exit = await attached.Exited;

        Assert.True(exit.Requested, exit.Reason);
        Assert.Contains("quit", exit.Reason);
        Assert.False(File.Exists(socket));
    }

    [Fact]
    public async Task Attaching_to_a_stopped_vm_gives_null_and_removes_stale_files()
    {
        await using var host = TestHost.Create(output);
        var spec = TestHost.Spec("stale-1");
        await host.Compute.Vms.PrepareAsync(spec, None);
        var dir = Path.Combine(host.DataDir, "vms", spec.Name);
        // A pid that is alive but no QEMU of this VM (ours), and a socket file nobody listens on.
        await File.WriteAllTextAsync(Path.Combine(dir, "qemu.pid"), Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        await File.WriteAllTextAsync(Path.Combine(dir, "qmp.sock"), "");

        Assert.Null(await host.Compute.Vms.TryAttachAsync(spec, None));
        Assert.False(File.Exists(Path.Combine(dir, "qemu.pid")));
        Assert.False(File.Exists(Path.Combine(dir, "qmp.sock")));
    }

    [Fact]
    public async Task A_qemu_that_exits_at_start_is_reported_with_its_own_words_and_leaves_nothing_running()
    {
        await using var host = TestHost.Create(output);
        var spec = TestHost.Spec("broken-1");
        await host.Compute.Vms.PrepareAsync(spec, None);
        await File.WriteAllTextAsync(Path.Combine(host.DataDir, "vms", spec.Name, "disk.qcow2"), "not a qcow2 image");

        var e = await Assert.ThrowsAsync<VmStartException>(() => host.Compute.Vms.StartAsync(spec, AccelVerdict.Tcg, None));

        output.WriteLine(e.Message);
        Assert.Contains("Image is not in qcow2 format", e.Message);
        Assert.Empty(host.LiveQemus());
        Assert.False(File.Exists(Path.Combine(host.DataDir, "vms", spec.Name, "qemu.pid")));
    }

    [Fact]
    public async Task A_taken_host_port_is_refused_before_qemu_starts()
    {
        await using var host = TestHost.Create(output);
        using var taken = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        taken.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        taken.Listen();
        var port = ((IPEndPoint)taken.LocalEndPoint!).Port;
        var spec = TestHost.Spec("port-1", forwards: new PortForward(port, 80));

        var e = await Assert.ThrowsAsync<PortInUseException>(() => host.Compute.Vms.StartAsync(spec, AccelVerdict.Tcg, None));

        Assert.Equal(port, e.Port);
        Assert.False(File.Exists(Path.Combine(host.DataDir, "vms", spec.Name, "qemu.log")));
        Assert.Empty(host.LiveQemus());
    }

    private static string Rss(int pid) => string.Join(", ", File.ReadLines($"/proc/{pid}/status")
        .Where(l => l.StartsWith("VmRSS", StringComparison.Ordinal) || l.StartsWith("RssAnon", StringComparison.Ordinal) || l.StartsWith("RssFile", StringComparison.Ordinal))
        .Select(l => string.Join(' ', l.Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries))));
}
