using System.Diagnostics;
using System.Globalization;
using Flotilla.LoadTest.Execution;
using Flotilla.LoadTest.Http;
using Flotilla.LoadTest.Metrics;
using Flotilla.LoadTest.Requests;
using Flotilla.LoadTest.Results;
using Flotilla.LoadTest.Scripting;

// Measures what script VUs cost next to the flags run, on the public API the CLI uses:
//   memory N                    N idle script VUs (engine + thread each): RSS and GC heap per VU
//   http URL VUS SECONDS [flags|script]...   closed-model runs, one line of figures per run
var mode = args.Length > 0 ? args[0] : "";
return mode switch
{
    "memory" => await MemoryAsync(int.Parse(args[1], CultureInfo.InvariantCulture)),
    "noop" => await NoopAsync(args[1], int.Parse(args[2], CultureInfo.InvariantCulture), TimeSpan.FromSeconds(double.Parse(args[3], CultureInfo.InvariantCulture))),
    "http" => await HttpAsync(args[1], int.Parse(args[2], CultureInfo.InvariantCulture), TimeSpan.FromSeconds(double.Parse(args[3], CultureInfo.InvariantCulture)), args[4..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: memory N | http URL VUS SECONDS [flags|script]...");
    return 2;
}

static string WriteScript(string code)
{
    var path = Path.Combine(Path.GetTempPath(), $"flotilla-bench-{Environment.ProcessId}.js");
    File.WriteAllText(path, code);
    return path;
}

static long RssBytes()
{
    foreach (var line in File.ReadLines("/proc/self/status"))
    {
        if (line.StartsWith("VmRSS:", StringComparison.Ordinal)) return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }
    return 0;
}

static async Task<int> MemoryAsync(int vus)
{
    var path = WriteScript("import http from 'k6/http';\nimport { check } from 'k6';\nexport default function () { const r = http.get(__ENV.TARGET); check(r, { ok: (r) => r.status === 200 }); }\n");
    var script = K6Script.Load(path, new ScriptOverrides(Env: new Dictionary<string, string> { ["TARGET"] = "http://127.0.0.1:9/" }));
    // Warm the engine code paths once so the baseline holds the JIT's work, not the per-VU cost.
    using (var warm = script.CreateFactory(new LoadTestMetrics(), TimeProvider.System, TextWriter.Null)) await warm.InitializeAsync(1, CancellationToken.None);
    GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
    var rss0 = RssBytes();
    var heap0 = GC.GetTotalMemory(forceFullCollection: true);
    var threads0 = Process.GetCurrentProcess().Threads.Count;
    var clock = Stopwatch.StartNew();
    using var factory = script.CreateFactory(new LoadTestMetrics(), TimeProvider.System, TextWriter.Null);
    await factory.InitializeAsync(vus, CancellationToken.None);
    var initSeconds = clock.Elapsed.TotalSeconds;
    GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
    var rss1 = RssBytes();
    var heap1 = GC.GetTotalMemory(forceFullCollection: true);
    var threads1 = Process.GetCurrentProcess().Threads.Count;
    clock.Restart();
    for (var i = 0; i < 5; i++) GC.Collect(0, GCCollectionMode.Forced, blocking: true);
    var gen0Ms = clock.Elapsed.TotalMilliseconds / 5;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{vus} VUs: init {initSeconds:0.00} s, threads +{threads1 - threads0}, RSS +{(rss1 - rss0) / 1048576.0:0.0} MiB = {(rss1 - rss0) / 1024.0 / vus:0.0} KiB/VU, GC heap +{(heap1 - heap0) / 1048576.0:0.0} MiB = {(heap1 - heap0) / 1024.0 / vus:0.0} KiB/VU, gen0 GC {gen0Ms:0.0} ms"));
    clock.Restart();
    factory.Dispose();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"disposed in {clock.Elapsed.TotalSeconds:0.00} s, threads now {Process.GetCurrentProcess().Threads.Count - threads0:+0;-0;0} from the start"));
    File.Delete(path);
    return 0;
}

static async Task<int> NoopAsync(string code, int vus, TimeSpan duration)
{
    var path = WriteScript(code);
    var metrics = new LoadTestMetrics();
    var script = K6Script.Load(path, new ScriptOverrides(vus, duration));
    using var factory = script.CreateFactory(metrics, TimeProvider.System, Console.Error);
    await factory.InitializeAsync(script.Plan.MaxVus, CancellationToken.None);
    var result = await new LoadTestRunner(TimeProvider.System).RunAsync(script.Plan, path, factory, metrics, null, CancellationToken.None);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"noop {vus} VUs: {result.Metrics.Iterations.Rate:0} iterations/s, script errors {factory.ScriptErrors}"));
    File.Delete(path);
    return 0;
}

static async Task<int> HttpAsync(string url, int vus, TimeSpan duration, string[] runs)
{
    var plan = new LoadTestPlan([new ConstantVusScenario(vus, duration)]);
    var path = WriteScript("import http from 'k6/http';\nexport default function () { http.get(__ENV.TARGET) }\n");
    foreach (var run in runs.Length == 0 ? ["flags", "script"] : runs)
    {
        var metrics = new LoadTestMetrics();
        LoadTestResult result;
        long scriptErrors = 0;
        var gcs = GC.CollectionCount(0);
        if (run == "flags")
        {
            var factory = new RequestVirtualUserFactory(new HttpRequest("GET", HttpTarget.Parse(url)), new HttpSessionOptions(), new ResponseChecks([], []), metrics, TimeProvider.System);
            result = await new LoadTestRunner(TimeProvider.System).RunAsync(plan, url, factory, metrics, null, CancellationToken.None);
        }
        else
        {
            var script = K6Script.Load(path, new ScriptOverrides(vus, duration, Env: new Dictionary<string, string> { ["TARGET"] = url }));
            using var factory = script.CreateFactory(metrics, TimeProvider.System, Console.Error);
            await factory.InitializeAsync(script.Plan.MaxVus, CancellationToken.None);
            result = await new LoadTestRunner(TimeProvider.System).RunAsync(script.Plan, path, factory, metrics, null, CancellationToken.None);
            scriptErrors = factory.ScriptErrors;
        }
        var m = result.Metrics;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{run,-6} {vus} VUs {duration.TotalSeconds:0}s: {m.HttpReqs.Rate,8:0} RPS, requests {m.HttpReqs.Count}, failed {m.HttpReqFailed.Matches}, p50 {m.HttpReqDuration.Med:0.00} ms, p95 {m.HttpReqDuration.P95:0.00} ms, p99 {m.HttpReqDuration.P99:0.00} ms, gen0 GCs {GC.CollectionCount(0) - gcs}, script errors {scriptErrors}"));
    }
    File.Delete(path);
    return 0;
}
