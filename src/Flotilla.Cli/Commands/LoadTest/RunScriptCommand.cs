using System.CommandLine;
using Flotilla.LoadTest;
using Flotilla.LoadTest.Execution;
using Flotilla.LoadTest.Metrics;
using Flotilla.LoadTest.Scripting;

namespace Flotilla.Cli.Commands.LoadTest;

/// <summary><c>flotilla loadtest run script.js</c>: a k6 script; <c>--vus</c>, <c>--duration</c> and <c>--rate</c> override its options as in k6.</summary>
internal static class RunScriptCommand
{
    public static Command Create()
    {
        var script = new Argument<string>("script") { Description = "A k6 script (the k6 and k6/http modules)" };
        var env = new Option<string[]>("--env", "-e") { Description = "KEY=VALUE for the script's __ENV (repeatable; overrides the environment)" };
        var options = new LoadTestCommand.RunOptions();
        var command = new Command("run", "Run a k6 script: http.get/post/request/batch, check, sleep, group, options, thresholds, scenarios") { script, env };
        options.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var outputs = options.Outputs(parse);
            var path = parse.GetValue(script)!;
            var k6 = K6Script.Load(path, new ScriptOverrides(options.Vus(parse), options.Duration(parse), options.Rate(parse), ParseEnv(parse.GetValue(env) ?? [])));
            foreach (var note in k6.Notes) await Console.Error.WriteLineAsync($"note: {note}");
            var metrics = new LoadTestMetrics();
            using var factory = k6.CreateFactory(metrics, TimeProvider.System, Console.Error);
            // k6 builds every VU (and runs its init code) before the clock starts.
            await factory.InitializeAsync(k6.Plan.MaxVus, cancellationToken);
            var code = await LoadTestCommand.Execution().RunAsync(
                k6.Plan, path, factory, metrics, result => k6.EvaluateThresholds(result, metrics), outputs, cancellationToken);
            if (factory.ScriptErrors > 0)
            {
                await Console.Error.WriteLineAsync($"script errors: {factory.ScriptErrors} iterations ended in an error ({factory.ScriptErrorCounts.Count} distinct)");
            }
            return code;
        });
        return command;
    }

    private static Dictionary<string, string> ParseEnv(IEnumerable<string> pairs) => pairs.Select(pair =>
    {
        var equals = pair.IndexOf('=');
        return equals > 0
            ? new KeyValuePair<string, string>(pair[..equals], pair[(equals + 1)..])
            : throw new LoadTestInputException($"--env: '{pair}' is not KEY=VALUE");
    }).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
}
