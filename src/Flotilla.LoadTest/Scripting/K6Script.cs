using System.Collections;
using Flotilla.LoadTest.Execution;
using Flotilla.LoadTest.Http;
using Flotilla.LoadTest.Metrics;
using Flotilla.LoadTest.Results;
using Flotilla.LoadTest.Scripting.Modules;
using Flotilla.LoadTest.Scripting.Options;
using Flotilla.LoadTest.Scripting.Runtime;
using Flotilla.LoadTest.Thresholds;
using Jint;

namespace Flotilla.LoadTest.Scripting;

/// <summary>
/// A k6 script, loaded for <c>flotilla loadtest run script.js</c>: parsed once, its init code run
/// once (as VU 0, like k6's options pass) to read its exported <c>options</c>, and turned into a
/// plan. The CLI then makes the VUs from it and evaluates its thresholds on the result:
/// <code>
/// var script = K6Script.Load(path, new ScriptOverrides(vus, duration, rate, env));
/// foreach (var note in script.Notes) stderr.WriteLine(note);
/// using var factory = script.CreateFactory(metrics, TimeProvider.System, stderr);
/// await factory.InitializeAsync(script.Plan.MaxVus, ct);          // optional: k6's VU init, before the clock runs
/// var result = await runner.RunAsync(script.Plan, path, factory, metrics, progress, ct);
/// result = result with { Thresholds = script.EvaluateThresholds(result, metrics) };
/// // factory.ScriptErrors: iterations that ended in a script error
/// </code>
/// </summary>
public sealed class K6Script
{
    private static readonly TimeSpan InitTimeout = TimeSpan.FromSeconds(60);

    private readonly PreparedScript _script;
    private readonly K6Options _options;
    private readonly ThresholdSet _thresholds;
    private readonly Jint.Options _engineOptions;

    private K6Script(PreparedScript script, K6Options options, ThresholdSet thresholds, Jint.Options engineOptions, LoadTestPlan plan, IReadOnlyList<string> notes)
    {
        _script = script;
        _options = options;
        _thresholds = thresholds;
        _engineOptions = engineOptions;
        Plan = plan;
        Notes = notes;
    }

    /// <summary>The script's path, as given.</summary>
    public string Path => _script.Path;

    /// <summary>The scenarios to run: the script's options, with the command line's overrides applied as k6 applies them.</summary>
    public LoadTestPlan Plan { get; }

    /// <summary>Things the user should know before the run (options accepted but not acted on), one line each.</summary>
    public IReadOnlyList<string> Notes { get; }

    /// <exception cref="LoadTestInputException">
    /// Anything wrong with the script or its options, as one line starting with the path
    /// (<c>script.js:3:5: SyntaxError: …</c>, <c>script.js: options.vus: expected a number, got a string ('10')</c>).
    /// </exception>
    public static K6Script Load(string path, ScriptOverrides overrides) => Load(path, overrides, InitTimeout);

    /// <param name="initTimeout">How long the init code may run (tests shorten it).</param>
    internal static K6Script Load(string path, ScriptOverrides overrides, TimeSpan initTimeout)
    {
        ArgumentNullException.ThrowIfNull(overrides);
        var script = PreparedScript.Load(path);
        var engineOptions = ScriptEngineOptions.Create(Environment(overrides.Env));
        var init = InitContext.Run(script, engineOptions, initTimeout);
        try
        {
            var options = K6OptionsReader.Read(init.Options);
            var thresholds = ThresholdSet.Parse(options.Thresholds);
            var (plan, planNotes) = K6PlanBuilder.Build(options, overrides);
            CheckFunctions(plan, init.Functions);
            var notes = options.Notes.Concat(thresholds.Notes).Concat(planNotes).ToList();
            if (init.Functions.Contains("handleSummary")) notes.Add("handleSummary() is not supported by flotilla loadtest and is not called; use --out for the result as JSON");
            return new K6Script(script, options, thresholds, engineOptions, plan, notes);
        }
        catch (LoadTestInputException e)
        {
            throw new LoadTestInputException($"{path}: {e.Message}", e);
        }
    }

    /// <summary>Makes the run's VUs; dispose it after the run (it ends any VU threads left).</summary>
    /// <param name="output">Where <c>console.log</c> and script errors go (stderr by default).</param>
    public ScriptVirtualUserFactory CreateFactory(LoadTestMetrics metrics, TimeProvider time, TextWriter? output = null)
    {
        var writer = TextWriter.Synchronized(output ?? Console.Error);
        var http = new ScriptHttpSettings
        {
            UserAgent = _options.UserAgent,
            MaxRedirects = _options.MaxRedirects,
            DiscardResponseBodies = _options.DiscardResponseBodies,
            Batch = _options.Batch,
        };
        var session = new HttpSessionOptions
        {
            KeepHeaders = true,
            ReuseConnections = !_options.NoConnectionReuse,
            InsecureSkipTlsVerify = _options.InsecureSkipTlsVerify,
        };
        return new ScriptVirtualUserFactory(new VuBlueprint(
            _script, _engineOptions, http, session, new AddressResolver(), metrics, time, writer, new ScriptErrorLog(writer)));
    }

    /// <summary>The script's thresholds on a finished run; <paramref name="metrics"/> (the run's) gives percentiles the summary lacks, such as p(99.9).</summary>
    public IReadOnlyList<ThresholdResult> EvaluateThresholds(LoadTestResult result, LoadTestMetrics metrics) =>
        _thresholds.Evaluate(result.Metrics, metrics);

    /// <summary>Every scenario's function must be exported; k6 refuses the script otherwise.</summary>
    private static void CheckFunctions(LoadTestPlan plan, IReadOnlySet<string> functions)
    {
        foreach (var scenario in plan.Scenarios)
        {
            var name = scenario.Exec ?? "default";
            if (functions.Contains(name)) continue;
            var exported = functions.Count == 0 ? "none" : string.Join(", ", functions.Order(StringComparer.Ordinal));
            throw new LoadTestInputException(scenario.Exec is null
                ? $"the script exports no default function (exported functions: {exported})"
                : $"scenario '{scenario.Name}': exec function '{scenario.Exec}' is not exported by the script (exported functions: {exported})");
        }
        if (functions.Contains("setup") || functions.Contains("teardown"))
        {
            throw new LoadTestInputException("setup() and teardown() are not supported by flotilla loadtest");
        }
    }

    /// <summary>k6's <c>__ENV</c>: the process environment, overridden by <c>-e KEY=VALUE</c>.</summary>
    private static Dictionary<string, string> Environment(IReadOnlyDictionary<string, string>? overrides)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in System.Environment.GetEnvironmentVariables())
        {
            if (entry.Key is string key && entry.Value is string value) env[key] = value;
        }
        foreach (var (key, value) in overrides ?? new Dictionary<string, string>()) env[key] = value;
        return env;
    }
}
