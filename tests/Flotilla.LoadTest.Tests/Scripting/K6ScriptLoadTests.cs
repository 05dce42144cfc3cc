using Flotilla.LoadTest.Execution;
using Flotilla.LoadTest.Scripting;

namespace Flotilla.LoadTest.Tests.Scripting;

/// <summary>What <see cref="K6Script.Load"/> refuses, and how: one line, with the file and, when there is one, the line and column.</summary>
public sealed class K6ScriptLoadTests : IDisposable
{
    private readonly ScriptFiles _files = new();

    private LoadTestInputException Refused(string code, ScriptOverrides? overrides = null)
    {
        var path = _files.Write(code);
        var e = Assert.Throws<LoadTestInputException>(() => K6Script.Load(path, overrides ?? ScriptOverrides.None));
        Assert.DoesNotContain('\n', e.Message);
        Assert.StartsWith(path, e.Message, StringComparison.Ordinal);
        return e;
    }

    private string Message(string code, ScriptOverrides? overrides = null) => Refused(code, overrides).Message[_files.Write(code).Length..];

    [Fact]
    public void An_unreadable_file_is_named_with_the_reason()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"no-such-{Guid.NewGuid():N}.js");
        var e = Assert.Throws<LoadTestInputException>(() => K6Script.Load(missing, ScriptOverrides.None));
        Assert.StartsWith($"{missing}: ", e.Message, StringComparison.Ordinal);
        Assert.Contains("Could not find file", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_syntax_error_gives_its_line_and_column()
    {
        Assert.Equal(":4:11: Unexpected token ';'", Message("import http from 'k6/http';\n\nexport default function () {\n  let x = ;\n}\n"));
    }

    [Theory]
    [InlineData("k6/ws", "import ws from 'k6/ws';")]
    [InlineData("k6/metrics", "import { Counter } from 'k6/metrics';")]
    [InlineData("k6/experimental/browser", "import { browser } from 'k6/experimental/browser';")]
    [InlineData("./lib.js", "import lib from './lib.js';")]
    [InlineData("https://jslib.k6.io/k6-utils/1.4.0/index.js", "import { uuidv4 } from 'https://jslib.k6.io/k6-utils/1.4.0/index.js';")]
    [InlineData("k6/crypto", "export * from 'k6/crypto';")]
    public void An_unsupported_module_is_refused_at_its_import(string module, string import)
    {
        Assert.Equal(
            $":3:1: k6 module '{module}' is not supported by flotilla loadtest (supported: k6, k6/http)",
            Message($"import http from 'k6/http';\n// the next import is not ours\n{import}\nexport default function () {{}}\n"));
    }

    [Fact]
    public void An_unknown_name_from_a_supported_module_is_refused_at_its_specifier()
    {
        Assert.Equal(
            ":1:15: k6/http has no export 'expectedStatuses' in flotilla loadtest (it has: batch, del, get, head, options, patch, post, put, request)",
            Message("import { get, expectedStatuses } from 'k6/http';\nexport default function () {}\n"));
        Assert.Contains("k6 has no export 'randomSeed'", Message("import { check, randomSeed } from 'k6';\nexport default function () {}\n"), StringComparison.Ordinal);
    }

    [Fact]
    public void An_error_in_the_init_code_gives_its_location()
    {
        Assert.Equal(":3:18: TypeError: Cannot read properties of undefined (reading 'length')",
            Message("import http from 'k6/http';\nconst config = undefined;\nconst n = config.length;\nexport default function () {}\n"));
    }

    [Fact]
    public void Requests_in_the_init_code_are_refused_as_in_k6() =>
        Assert.Contains("making http requests in the init context is not supported", Message("import http from 'k6/http';\nhttp.get('http://127.0.0.1:9/');\nexport default function () {}\n"), StringComparison.Ordinal);

    [Theory]
    [InlineData("vus: '10'", ": options.vus: expected a number, got a string ('10')")]
    [InlineData("vus: 2.5", ": options.vus: expected a whole number, got a number (2.5)")]
    [InlineData("duration: 'ten seconds'", ": options.duration: 'ten seconds' is not a duration (examples: 10s, 1m30s, 500ms)")]
    [InlineData("duration: true", ": options.duration: expected a duration (such as '30s'), got a boolean (true)")]
    [InlineData("stages: { duration: '1s' }", ": options.stages: expected an array, got an object")]
    [InlineData("stages: [{ target: 3 }]", ": options.stages[0].duration: required")]
    [InlineData("scenarios: { a: { executor: 'constant-vus' } }", ": options.scenarios.a.duration: required")]
    [InlineData("scenarios: { a: { executor: 'per-vu-iterations' } }", ": options.scenarios.a.executor: executor 'per-vu-iterations' is not supported by flotilla loadtest (supported: constant-vus, ramping-vus, shared-iterations, constant-arrival-rate)")]
    [InlineData("scenarios: { a: { executor: 'fastest-possible' } }", ": options.scenarios.a.executor: unknown executor 'fastest-possible' (supported: constant-vus, ramping-vus, shared-iterations, constant-arrival-rate)")]
    [InlineData("scenarios: { a: { vus: 1 } }", ": options.scenarios.a.executor: required (one of: constant-vus, ramping-vus, shared-iterations, constant-arrival-rate)")]
    [InlineData("scenarios: { a: { executor: 'constant-arrival-rate', rate: 10, duration: '1s' } }", ": options.scenarios.a.preAllocatedVUs: required")]
    [InlineData("scenarios: { a: { executor: 'shared-iterations', vus: 5, iterations: 2 } }", ": options.scenarios.a: the number of iterations (2) shouldn't be less than the number of VUs (5)")]
    [InlineData("scenarios: { a: { executor: 'constant-vus', duration: '1s', env: { A: '1' } } }", ": options.scenarios.a.env: per-scenario environment variables are not supported by flotilla loadtest (use __ENV with -e KEY=VALUE)")]
    [InlineData("iterations: 5, stages: [{ duration: '1s', target: 1 }]", ": options: using `iterations` and `stages` options simultaneously is not allowed")]
    [InlineData("duration: '1s', scenarios: { a: { executor: 'constant-vus', duration: '1s' } }", ": options: using `duration` and `scenarios` options simultaneously is not allowed")]
    [InlineData("thresholds: { http_req_duration: ['p(95)<<500'] }", ": options.thresholds.http_req_duration: 'p(95)<<500' is not a threshold expression (expected <aggregation> <operator> <number>, e.g. 'p(95)<500', 'avg<200', 'rate<0.01', 'count>100')")]
    [InlineData("thresholds: { 'http_req_duration{status:200}': ['p(95)<500'] }", ": options.thresholds: 'http_req_duration{status:200}': thresholds on tagged sub-metrics are not supported by flotilla loadtest (use the whole metric, e.g. 'http_req_duration')")]
    [InlineData("thresholds: { my_counter: ['count>1'] }", ": options.thresholds: unknown metric 'my_counter'")]
    [InlineData("thresholds: { checks: 0.99 }", ": options.thresholds.checks: expected an array of threshold expressions, got a number (0.99)")]
    public void Options_of_the_wrong_type_or_value_are_one_clear_line(string options, string message)
    {
        Assert.StartsWith(message, Message($"export const options = {{ {options} }};\nexport default function () {{}}\n"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_scenario_exec_function_must_be_exported()
    {
        Assert.Equal(": scenario 'api': exec function 'api' is not exported by the script (exported functions: default, web)",
            Message("export const options = { scenarios: { api: { executor: 'constant-vus', duration: '1s', exec: 'api' } } };\nexport default function () {}\nexport function web() {}\n"));
        Assert.Equal(": the script exports no default function (exported functions: none)", Message("export const options = { vus: 1 };\n"));
    }

    [Fact]
    public void Setup_and_teardown_are_refused_rather_than_skipped() =>
        Assert.Equal(": setup() and teardown() are not supported by flotilla loadtest",
            Message("export function setup() { return {}; }\nexport default function (data) {}\n"));

    [Fact]
    public void Init_code_that_never_ends_is_stopped()
    {
        var path = _files.Write("let n = 0;\nwhile (true) { n++; }\nexport default function () {}\n");
        var e = Assert.Throws<LoadTestInputException>(() => K6Script.Load(path, ScriptOverrides.None, TimeSpan.FromMilliseconds(200)));
        Assert.Equal($"{path}: the init code did not finish within 200ms", e.Message);
    }

    [Fact]
    public void Options_accepted_but_not_acted_on_are_noted()
    {
        var path = _files.Write("""
            export const options = {
              vus: 2, duration: '1s', rps: 100, httpDebug: 'full', tags: { team: 'x' },
              thresholds: { http_req_failed: [{ threshold: 'rate<0.01', abortOnFail: true }], checks: ['rate>0.9'] },
            };
            export default function () {}
            export function handleSummary(data) { return {}; }
            """);
        var script = K6Script.Load(path, ScriptOverrides.None);
        Assert.Equal(
            [
                "options.rps is not supported by flotilla loadtest and is ignored",
                "abortOnFail is accepted but not acted on: the run goes to its end, then these thresholds are evaluated: http_req_failed 'rate<0.01'",
                "handleSummary() is not supported by flotilla loadtest and is not called; use --out for the result as JSON",
            ],
            script.Notes);
        Assert.Equal(new ConstantVusScenario(2, TimeSpan.FromSeconds(1)), Assert.Single(script.Plan.Scenarios));
    }

    public void Dispose() => _files.Dispose();
}
