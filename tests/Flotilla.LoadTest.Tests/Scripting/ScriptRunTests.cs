using Flotilla.LoadTest.Results;
using Flotilla.LoadTest.Scripting;
using Flotilla.Testing;

namespace Flotilla.LoadTest.Tests.Scripting;

/// <summary>Scripts run end to end against real servers on loopback, as <c>flotilla loadtest run script.js</c> runs them.</summary>
public sealed class ScriptRunTests : IAsyncLifetime, IDisposable
{
    private readonly ScriptFiles _files = new();
    private ScriptTestServer _server = null!;

    public async Task InitializeAsync() => _server = await ScriptTestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public void Dispose() => _files.Dispose();

    private ScriptOverrides Target(int? vus = null, TimeSpan? duration = null) =>
        new(vus, duration, Env: new Dictionary<string, string> { ["TARGET"] = _server.Url, ["GREETING"] = "hi there" });

    private Task<ScriptRun> RunAsync(string code, ScriptOverrides? overrides = null) => ScriptRun.RunAsync(_files.Write(code), overrides ?? Target());

    [Fact]
    public async Task The_seed_script_passes_both_checks_against_three_VMs_behind_a_balancer()
    {
        await using var vm0 = HelloServer.Start(0);
        await using var vm1 = HelloServer.Start(1);
        await using var vm2 = HelloServer.Start(2);
        await using var nlb = new RoundRobinRelay(vm0.Port, vm1.Port, vm2.Port);
        var overrides = new ScriptOverrides(Vus: 3, Duration: TimeSpan.FromSeconds(2), Env: new Dictionary<string, string> { ["TARGET"] = $"http://127.0.0.1:{nlb.Port}/" });

        var run = await ScriptRun.RunAsync(ScriptFiles.Example("nlb-test.js"), overrides);

        Assert.Equal(0, run.ScriptErrors);
        var requests = run.Result.Metrics.HttpReqs.Count;
        Assert.True(requests > 0);
        Assert.Equal(0, run.Result.Metrics.HttpReqFailed.Matches);
        Assert.Equal([new CheckResult("status is 200", requests, 0), new CheckResult("body is VM 0/1/2", requests, 0)], run.Result.Checks);
        Assert.Equal(1.0, run.Result.Metrics.Checks.Rate);
        // Three keep-alive VUs, three connections, one per VM.
        Assert.Equal(["Hello from VM 0", "Hello from VM 1", "Hello from VM 2"], run.Result.Bodies.Select(b => b.Body).Order());
        Assert.Equal(3, run.Result.Run.Vus);
    }

    [Fact]
    public async Task Thresholds_pass_and_fail_on_the_runs_metrics()
    {
        var run = await RunAsync("""
            import http from 'k6/http';
            import { check } from 'k6';
            export const options = {
              iterations: 8, vus: 2,
              thresholds: {
                http_req_failed: ['rate<0.01'],
                checks: ['rate>0.99'],
                http_reqs: ['count==8', 'count>1000'],
                http_req_duration: ['p(99.9)<60000', 'max<0'],
                iterations: [{ threshold: 'count>=8', abortOnFail: true }],
              },
            };
            export default function () {
              check(http.get(__ENV.TARGET), { ok: (r) => r.status === 200 });
            }
            """);
        Assert.Equal(
            [
                ("http_req_failed", "rate<0.01", true), ("checks", "rate>0.99", true), ("http_reqs", "count==8", true), ("http_reqs", "count>1000", false),
                ("http_req_duration", "p(99.9)<60000", true), ("http_req_duration", "max<0", false), ("iterations", "count>=8", true),
            ],
            run.Result.Thresholds.Select(t => (t.Metric, t.Expression, t.Passed)));
        Assert.Equal(8, run.Result.Thresholds.Single(t => t.Expression == "count>1000").Actual);
        Assert.True(run.Result.Thresholds.Single(t => t.Expression == "max<0").Actual > 0);
    }

    [Fact]
    public async Task A_runtime_error_ends_its_iteration_only_is_counted_and_printed_once()
    {
        var run = await RunAsync("""
            import http from 'k6/http';
            export const options = { iterations: 6 };
            export default function () {
              http.get(__ENV.TARGET);
              if (__ITER % 2 === 1) {
                null.boom;
              }
            }
            """);
        Assert.Equal(3, run.ScriptErrors);
        Assert.Equal(6, run.Result.Metrics.Iterations.Count);
        Assert.Equal(6, run.Result.Metrics.HttpReqs.Count);
        var line = Assert.Single(run.OutputLines);
        Assert.Matches(@"^script error: .*script\.js:6:10: TypeError: Cannot read properties of null \(reading 'boom'\) \(VU 1, iteration 1\)$", line);
    }

    [Fact]
    public async Task Vu_iter_and_env_are_k6s()
    {
        var run = await RunAsync("""
            export const options = { vus: 2, iterations: 6 };
            console.log(`init ${__VU} ${__ENV.GREETING}`);
            export default function () {
              console.log(`${__VU} ${__ITER} ${__ENV.GREETING} ${typeof __ENV.PATH}`);
            }
            """);
        var lines = run.OutputLines;
        // The load-time pass (VU 0, as k6's) printed to the process's stderr; each VU's init prints here.
        Assert.Equal(["VU 1: init 1 hi there", "VU 2: init 2 hi there"], lines.Where(l => l.Contains("init", StringComparison.Ordinal)).Order());
        var iterations = lines.Where(l => !l.Contains("init", StringComparison.Ordinal))
            .Select(l => l.Split(' '))
            .Select(p => (Prefix: int.Parse(p[1].TrimEnd(':')), Vu: int.Parse(p[2]), Iter: int.Parse(p[3]), Env: $"{p[4]} {p[5]}", PathType: p[6]))
            .ToList();
        Assert.Equal(6, iterations.Count);
        Assert.All(iterations, i => Assert.Equal((i.Prefix, "hi there", "string"), (i.Vu, i.Env, i.PathType)));
        foreach (var vu in iterations.GroupBy(i => i.Vu))
        {
            Assert.Equal(Enumerable.Range(0, vu.Count()), vu.Select(i => i.Iter));
        }
    }

    [Fact]
    public async Task Batch_answers_in_the_order_asked_while_the_requests_run_at_once()
    {
        var run = await RunAsync("""
            import http from 'k6/http';
            import { check } from 'k6';
            export default function () {
              const t = __ENV.TARGET;
              const ordered = http.batch([`${t}/delay/300/a`, ['GET', `${t}/delay/0/b`], { method: 'GET', url: `${t}/delay/150/c` }]);
              console.log(ordered.map((r) => r.body).join(','));
              const gated = http.batch([1, 2, 3, 4].map((i) => `${t}/gate/batch/4/g${i}`));
              console.log(gated.map((r) => r.body).join(','));
              const named = http.batch({ first: `${t}/text/one`, second: ['POST', `${t}/echo`, 'two'] });
              console.log(`${named.first.body} ${named.second.json().body}`);
            }
            """);
        Assert.Equal(0, run.ScriptErrors);
        Assert.Equal(["VU 1: a,b,c", "VU 1: g1,g2,g3,g4", "VU 1: one two"], run.OutputLines);
        Assert.Equal(9, run.Result.Metrics.HttpReqs.Count);
    }

    [Fact]
    public async Task Responses_requests_and_checks_behave_as_in_k6()
    {
        var run = await RunAsync("""
            import http from 'k6/http';
            import { check, group } from 'k6';
            export default function () {
              const t = __ENV.TARGET;
              const r = http.get(`${t}/json`);
              check(r, {
                'status 200': (r) => r.status === 200,
                'proto': (r) => r.proto === 'HTTP/1.1',
                'url as given': (r) => r.url === `${t}/json`,
                'json()': (r) => r.json().items[2] === 3 && r.json().name === 'flotilla',
                'canonical header': (r) => r.headers['Content-Type'].startsWith('application/json'),
                'timings': (r) => ['blocked', 'connecting', 'tls_handshaking', 'sending', 'waiting', 'receiving', 'duration'].every((k) => typeof r.timings[k] === 'number' && r.timings[k] >= 0),
                'no error': (r) => r.error === '' && r.error_code === 0,
              });
              check(http.get(`${t}/multi`), { 'repeated header joined': (r) => r.headers['X-Multi'] === 'one, two' });
              const form = http.post(`${t}/echo`, { b: 'two words', a: 'x&y=z' }).json();
              check(form, { 'object body is a sorted form': (f) => f.body === 'a=x%26y%3Dz&b=two+words' && f.contentType === 'application/x-www-form-urlencoded' });
              const text = http.put(`${t}/echo`, 'plain text', { headers: { 'Content-Type': 'text/plain' } }).json();
              check(text, { 'string body and params.headers': (e) => e.method === 'PUT' && e.body === 'plain text' && e.contentType === 'text/plain' });
              check(http.request('patch', `${t}/echo`, null).json(), { 'request() with a lower-case method': (e) => e.method === 'PATCH' });
              check(http.del(`${t}/echo`).json(), { 'del is DELETE': (e) => e.method === 'DELETE' });
              check(http.get(`${t}/headers`, { headers: { 'X-Trace': 'abc' } }).json(), { 'custom header sent': (h) => h['x-trace'] === 'abc' });
              const moved = http.get(`${t}/redirect`);
              check(moved, { 'redirect followed': (r) => r.status === 200 && r.body === 'landed' && r.url === `${t}/text/landed` });
              check(http.get(`${t}/redirect`, { redirects: 0 }), { 'redirects: 0 keeps the 302': (r) => r.status === 302 });
              check(http.post(`${t}/redirect`, 'x'), { '302 turns POST into GET': (r) => r.body === 'GET' });
              check(http.get(`${t}/status/503`), { '5xx error_code': (r) => r.status === 503 && r.error_code === 1503 && r.error === '' });
              check(http.get('http://127.0.0.1:9/'), { 'refused': (r) => r.status === 0 && r.error_code === 1212 && r.error.startsWith('refused') && r.body === null });
              check(http.get(`${t}/slow`, { timeout: '200ms' }), { 'params.timeout': (r) => r.status === 0 && r.error_code === 1050 });
              check(http.get(`${t}/slow`, { timeout: 100 }), { 'params.timeout in ms': (r) => r.error_code === 1050 });
              let thrown = '';
              try { http.get('not a url'); } catch (e) { thrown = String(e); }
              check(thrown, { 'a bad URL throws a catchable error': (m) => m.includes('malformed URL') });
              group('outer', () => {
                check(1, { 'in a group': (v) => v === 1 });
                group('inner', () => check(1, { nested: () => true }));
              });
              const all = check(0, { 'value check true': true, 'value check false': false });
              check(all, { 'check() returns false when one failed': (v) => v === false });
            }
            """);
        Assert.Equal(0, run.ScriptErrors);
        var failed = run.Result.Checks.Where(c => c.Name != "value check false" && c.Fails > 0).Select(c => c.Name).ToList();
        Assert.Empty(failed);
        Assert.Equal(new CheckResult("::outer::in a group", 1, 0), run.Check("::outer::in a group"));
        Assert.Equal(new CheckResult("::outer::inner::nested", 1, 0), run.Check("::outer::inner::nested"));
        Assert.Equal(new CheckResult("value check false", 0, 1), run.Check("value check false"));
        Assert.Equal(26, run.Result.Checks.Count);
    }

    [Fact]
    public async Task Fail_and_a_throwing_check_end_the_iteration_as_script_errors()
    {
        var run = await RunAsync("""
            import { check, fail } from 'k6';
            export const options = { iterations: 2 };
            export default function () {
              if (__ITER === 0) fail('status was not 200');
              check(null, { 'throws': (r) => r.status === 200 });
            }
            """);
        Assert.Equal(2, run.ScriptErrors);
        Assert.Equal(new CheckResult("throws", 0, 1), run.Check("throws"));
        Assert.Equal(2, run.OutputLines.Length);
        Assert.Contains(run.OutputLines, l => l.Contains("script.js:4:3: Error: status was not 200", StringComparison.Ordinal));
        Assert.Contains(run.OutputLines, l => l.Contains("script.js:5:36: TypeError: Cannot read properties of null (reading 'status')", StringComparison.Ordinal));
    }
}
