using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Flotilla.Compute;
using Flotilla.Core.Vms;
using Microsoft.Extensions.Logging.Abstractions;

// Measures the compute runtime the daemon calls, on its public API, under the host's accel verdict:
//   ROUNDS IMAGE_DIR   per round: linked clone (PrepareAsync), StartAsync -> QMP up, -> first HTTP 200 through the
//                      forward, QEMU's RSS once serving, ShutdownAsync -> exited. One line per round, then medians.
var rounds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 5;
var imageDir = args.Length > 1 ? args[1] : throw new ArgumentException("usage: ROUNDS IMAGE_DIR");
var dataDir = Directory.CreateTempSubdirectory("flotilla-compute-bench-").FullName;
var invariant = CultureInfo.InvariantCulture;
try
{
    await using var compute = new HostCompute(new ComputeOptions { DataDir = dataDir, HostName = "bench", ImageDir = imageDir }, NullLogger<HostCompute>.Instance, TimeProvider.System);
    var accel = await compute.ProbeAccelAsync(CancellationToken.None);
    Console.WriteLine($"accel {accel.Accel} ({accel.Reason}); QEMU {await compute.QemuVersionAsync(CancellationToken.None)}; load {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
    await compute.PrepareAsync(Spec("warm-up", 0), CancellationToken.None); // the host's template copy, once
    await compute.DeleteAsync("warm-up", CancellationToken.None);
    var rows = new List<double[]>();
    for (var round = 1; round <= rounds; round++)
    {
        var port = FreePort();
        var spec = Spec($"bench-{round}", port);
        var clock = Stopwatch.StartNew();
        await compute.PrepareAsync(spec, CancellationToken.None);
        var clone = clock.Elapsed.TotalMilliseconds;
        clock.Restart();
        var vm = await compute.StartAsync(spec, accel.Accel, CancellationToken.None);
        double qmp, first200, shutdown;
        List<string> status;
        VmExit exit;
        try
        {
            var qmpUp = clock.Elapsed.TotalMilliseconds;
            first200 = await FirstHttp200Async(port, clock);
            status = File.ReadLines($"/proc/{vm.Pid}/status").ToList();
            clock.Restart();
            await compute.ShutdownAsync(vm, CancellationToken.None);
            exit = await vm.Exited;
            shutdown = clock.Elapsed.TotalMilliseconds;
            qmp = qmpUp;
        }
        finally
        {
            if (!vm.Exited.IsCompleted) await compute.DestroyAsync(vm, CancellationToken.None);
        }
        double Kib(string key) => double.Parse(status.First(l => l.StartsWith(key + ":", StringComparison.Ordinal)).Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries)[1], invariant);
        var signals = string.Join(' ', status.Where(l => l.StartsWith("SigBlk", StringComparison.Ordinal) || l.StartsWith("SigIgn", StringComparison.Ordinal)));
        await compute.DeleteAsync(spec.Name, CancellationToken.None);
        rows.Add([clone, qmp, first200, Kib("VmRSS") / 1024, Kib("RssAnon") / 1024, Kib("RssFile") / 1024, shutdown]);
        Console.WriteLine(string.Create(invariant,
            $"round {round}: linked clone {clone:0} ms, start -> QMP {qmp:0} ms, -> first HTTP 200 {first200:0} ms, RSS {Kib("VmRSS") / 1024:0} MiB (anon {Kib("RssAnon") / 1024:0}, file {Kib("RssFile") / 1024:0}), shutdown {shutdown:0} ms [{exit.Reason}] {signals}"));
    }
    string Median(int column) => rows.Select(r => r[column]).Order().ElementAt(rows.Count / 2).ToString("0", invariant);
    Console.WriteLine($"median of {rows.Count}: linked clone {Median(0)} ms, start -> QMP {Median(1)} ms, -> first HTTP 200 {Median(2)} ms, RSS {Median(3)} MiB (anon {Median(4)}, file {Median(5)}), shutdown {Median(6)} ms");
    return 0;
}
finally
{
    Directory.Delete(dataDir, recursive: true);
}

static VmSpec Spec(string name, int port) => new()
{
    Name = name, Template = "tiny-web", Cpus = 1, MemoryMiB = 128, Mac = "52:54:00:00:00:07", InstanceId = $"i-{name}-{Guid.NewGuid():N}",
    UserData = "#!/bin/sh\nmkdir -p /www\necho \"Hello from VM 7\" > /www/index.html\nhttpd -p 80 -h /www\n",
    Forwards = port == 0 ? [] : [new PortForward(port, 80)],
};

static int FreePort()
{
    using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
    return ((IPEndPoint)socket.LocalEndPoint!).Port;
}

// A new request every 100 ms, each allowed 3 s: one sent before the guest is up hangs in slirp's SYN retries.
static async Task<double> FirstHttp200Async(int port, Stopwatch clock)
{
    var done = new TaskCompletionSource<double>(TaskCreationOptions.RunContinuationsAsynchronously);
    using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
    var attempts = new List<Task>();
    while (!done.Task.IsCompleted && !stop.IsCancellationRequested)
    {
        attempts.Add(TryAsync());
        await Task.WhenAny(done.Task, Task.Delay(100, CancellationToken.None));
    }
    await stop.CancelAsync();
    await Task.WhenAll(attempts);
    return done.Task.IsCompleted ? await done.Task : throw new TimeoutException($"no HTTP 200 on 127.0.0.1:{port} within 60 s");

    async Task TryAsync()
    {
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
        attempt.CancelAfter(TimeSpan.FromSeconds(3));
        try
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), attempt.Token);
            await socket.SendAsync(Encoding.ASCII.GetBytes("GET / HTTP/1.0\r\n\r\n"), attempt.Token);
            var buffer = new byte[4096];
            var n = await socket.ReceiveAsync(buffer, attempt.Token);
            if (n > 0 && Encoding.ASCII.GetString(buffer, 0, n).StartsWith("HTTP/1.1 200", StringComparison.Ordinal)) done.TrySetResult(clock.Elapsed.TotalMilliseconds);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or IOException)
        {
            // Not serving yet.
        }
    }
}
