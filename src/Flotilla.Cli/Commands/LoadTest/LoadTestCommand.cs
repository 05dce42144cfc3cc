using System.CommandLine;

using Flotilla.Cli.Commands.LoadTest.StackEvents;
using Flotilla.LoadTest;
using Flotilla.LoadTest.Backends;
using Flotilla.LoadTest.Execution;
using Flotilla.LoadTest.Http;
using Flotilla.LoadTest.Metrics;
using Flotilla.LoadTest.Requests;

namespace Flotilla.Cli.Commands.LoadTest;

/// <summary><c>flotilla loadtest URL [flags]</c>, and its <c>run</c> (k6 script) and <c>compare</c> subcommands.</summary>
internal static class LoadTestCommand
{
    public static Command Create()
    {
        var url = new Argument<string?>("url") { Description = "The URL to load (http or https); with --stack, its balancer's frontend by default", Arity = ArgumentArity.ZeroOrOne };
        var options = new RunOptions();
        var method = new Option<string>("--method", "-X") { Description = "HTTP method", DefaultValueFactory = _ => "GET" };
        var headers = new Option<string[]>("--header", "-H") { Description = "A request header, 'Name: value' (repeatable)", AllowMultipleArgumentsPerToken = false };
        var body = new Option<string?>("--body") { Description = "Request body" };
        var profile = new Option<string?>("--profile") { Description = "Seed 000's runs: smoke (10 VUs 10s), load (100 VUs 60s), stress (10,000 VUs 10s)" };
        profile.AcceptOnlyFromAmong([.. FlagsPlan.Profiles.Keys]);
        var ramp = new Option<string[]>("--ramp") { Description = "Ramping VUs, k6 stages duration:target (e.g. 30s:100,1m:100,10s:0)" };
        var expectStatus = new Option<int[]>("--expect-status") { Description = "Check: the status is one of these (repeatable)" };
        var expectBody = new Option<string[]>("--expect-body") { Description = "Check: the body contains one of these (repeatable, any of)" };
        var noReuse = new Option<bool>("--no-connection-reuse") { Description = "A new connection per request (as curl in a loop; spreads requests over an L4 balancer's backends)" };
        var timeout = new Option<string>("--timeout") { Description = "Per-request timeout", DefaultValueFactory = _ => "60s" };
        var insecure = new Option<bool>("--insecure", "-k") { Description = "Do not verify TLS certificates" };
        var stack = new Option<string?>("--stack") { Description = "A stack under test: mark its events (probes, reloads, VM states) on the timeline, and keep a series per backend" };
        var backendFrom = new Option<string?>("--backend-from") { Description = "What names the backend of a response, for a series per backend: body (its first line, the default) or header:NAME" };
        var api = new ApiOptions();

        var command = new Command("loadtest", "Load-test a URL like k6: closed (--vus) or open (--rate) model, checks, a k6-style summary")
        {
            url, method, headers, body, profile, ramp, expectStatus, expectBody, noReuse, timeout, insecure, stack, backendFrom,
        };
        options.AddTo(command);
        api.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var stackName = parse.GetValue(stack);
            if (parse.GetValue(url) is null && stackName is null)
            {
                throw new LoadTestInputException("give a URL to load (flotilla loadtest http://HOST:PORT/), a stack (--stack NAME), or a script (flotilla loadtest run script.js)");
            }
            var outputs = options.Outputs(parse);
            var plan = FlagsPlan.Build(
                parse.GetValue(profile), options.Vus(parse), options.Duration(parse), options.Rate(parse),
                parse.GetValue(ramp) is { Length: > 0 } stages ? RampText.Parse(stages) : null);
            var backends = parse.GetValue(backendFrom) is { } from ? BackendSource.Parse(from) : stackName is null ? null : BackendSource.Body;
            using var client = stackName is null ? null : api.CreateClient(parse);
            var scope = client is null ? null : await StackScope.ReadAsync(client, stackName!, cancellationToken).ConfigureAwait(false);
            var target = parse.GetValue(url) ?? StackFrontend.UrlOf(scope!);
            var request = new HttpRequest(parse.GetValue(method)!.ToUpperInvariant(), HttpTarget.Parse(target), ParseHeaders(parse.GetValue(headers) ?? []),
                parse.GetValue(body) is { } text ? System.Text.Encoding.UTF8.GetBytes(text) : default);
            var sessionOptions = new HttpSessionOptions
            {
                ReuseConnections = !parse.GetValue(noReuse),
                Timeout = DurationText.Parse(parse.GetValue(timeout)!, "--timeout"),
                InsecureSkipTlsVerify = parse.GetValue(insecure),
                BodyLimit = 64 * 1024,
            };
            var checks = new ResponseChecks(parse.GetValue(expectStatus) ?? [], parse.GetValue(expectBody) ?? []);
            var metrics = new LoadTestMetrics { Backends = backends };
            var factory = new RequestVirtualUserFactory(request, sessionOptions, checks, metrics, TimeProvider.System);
            await using var events = scope is null ? null : await StackEventRecorder.StartAsync(client!, scope, Console.Error, cancellationToken).ConfigureAwait(false);
            return await Execution().RunAsync(plan, target, factory, metrics, thresholds: null, outputs, cancellationToken, events).ConfigureAwait(false);
        });
        return command;
    }

    internal static LoadTestExecution Execution() =>
        new(Console.Out, Console.Error, interactive: !Console.IsErrorRedirected);

    private static List<KeyValuePair<string, string>> ParseHeaders(IEnumerable<string> values) => values.Select(h =>
    {
        var colon = h.IndexOf(':');
        return colon > 0
            ? new KeyValuePair<string, string>(h[..colon].Trim(), h[(colon + 1)..].Trim())
            : throw new LoadTestInputException($"--header: '{h}' is not 'Name: value'");
    }).ToList();

    /// <summary>The flags a flags run and a script run share: how many VUs, how long, what rate, where results go.</summary>
    internal sealed class RunOptions
    {
        private readonly Option<int?> _vus = new("--vus", "-u") { Description = "Virtual users (closed model), or the VU pool of the open model" };
        private readonly Option<string?> _duration = new("--duration", "-d") { Description = "How long to run (10s, 1m30s)" };
        private readonly Option<string?> _rate = new("--rate") { Description = "Open model: iterations started per second (2000, 2000/s, 120/m), whatever the responses do" };
        private readonly Option<string?> _out = new("--out", "-o") { Description = "Write every figure as JSON to this file" };
        private readonly Option<string?> _report = new("--report") { Description = "Write an HTML report (latency and RPS over time, latency histogram)" };
        private readonly Option<bool> _quiet = new("--quiet", "-q") { Description = "No live progress line" };

        public void AddTo(Command command)
        {
            command.Options.Add(_vus);
            command.Options.Add(_duration);
            command.Options.Add(_rate);
            command.Options.Add(_out);
            command.Options.Add(_report);
            command.Options.Add(_quiet);
        }

        public int? Vus(ParseResult parse) => parse.GetValue(_vus);
        public TimeSpan? Duration(ParseResult parse) => parse.GetValue(_duration) is { } d ? DurationText.Parse(d, "--duration") : null;
        public double? Rate(ParseResult parse) => parse.GetValue(_rate) is { } r ? RateText.Parse(r) : null;

        public LoadTestExecution.Outputs Outputs(ParseResult parse) =>
            new(Writable(parse.GetValue(_out), "--out"), Writable(parse.GetValue(_report), "--report"), parse.GetValue(_quiet));

        /// <summary>Checked before the run: a 60 s run must not end in "cannot write".</summary>
        internal static string? Writable(string? path, string flag)
        {
            if (path is null) return null;
            var full = Path.GetFullPath(path);
            var directory = Path.GetDirectoryName(full)!;
            if (!Directory.Exists(directory)) throw new LoadTestInputException($"{flag}: directory '{directory}' does not exist");
            if (Directory.Exists(full)) throw new LoadTestInputException($"{flag}: '{path}' is a directory");
            return full;
        }
    }

}
