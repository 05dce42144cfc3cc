using Flotilla.Cli.Commands.LoadTest;
using Flotilla.Cli.Commands.LoadTest.StackEvents;
using Flotilla.Core.Stacks;
using Flotilla.LoadTest;
using Flotilla.LoadTest.Backends;
using Flotilla.LoadTest.Execution;
using Flotilla.LoadTest.Http;
using Flotilla.LoadTest.Metrics;
using Flotilla.LoadTest.Requests;
using Flotilla.LoadTest.Thresholds;

namespace Flotilla.Cli.Commands.Stack;

/// <summary>
/// <c>flotilla apply --verify</c>: the stack's <c>verify:</c> run as <c>flotilla loadtest</c> would run it from flags (the
/// same plan, checks and thresholds), against the URL of one of its outputs, following the stack's events as
/// <c>--stack</c> does. Prepared before the apply, so that a verify block the load tester cannot run stops it there.
/// </summary>
internal sealed class StackVerify
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(60);

    private readonly VerifyDeclaration _declaration;
    private readonly LoadTestPlan _plan;
    private readonly ThresholdSet _thresholds;

    private StackVerify(string stack, VerifyDeclaration declaration, LoadTestPlan plan, ThresholdSet thresholds)
    {
        Stack = stack;
        _declaration = declaration;
        _plan = plan;
        _thresholds = thresholds;
    }

    public string Stack { get; }

    /// <summary>The output whose value is the URL to load.</summary>
    public string Output => _declaration.Output;

    /// <exception cref="UserInputException">The file declares no <c>verify:</c>.</exception>
    /// <exception cref="LoadTestInputException">Its profile, numbers or thresholds are not the load tester's.</exception>
    public static StackVerify Prepare(string fileName, StackFile file)
    {
        var declaration = file.Verify
            ?? throw new UserInputException($"--verify: {fileName} declares no verify: block, so there is nothing to verify (see docs/stack-file.md#verify)");
        var plan = FlagsPlan.Build(
            declaration.Profile, declaration.Vus,
            declaration.Duration is { } duration ? DurationText.Parse(duration, "verify.duration") : null,
            declaration.Rate is { } rate ? RateText.Parse(rate) : null,
            ramp: null);
        var thresholds = ThresholdSet.Parse(
            declaration.Thresholds.SelectMany(t => t.Conditions.Select(c => new ThresholdDefinition(t.Metric, c))), "verify.thresholds");
        return new StackVerify(file.Name, declaration, plan, thresholds);
    }

    /// <summary>Runs the load test against <paramref name="url"/>; the load tester's exit code (99: a threshold failed).</summary>
    public async Task<int> RunAsync(FlotillaApiClient client, string url, LoadTestExecution.Outputs outputs, CancellationToken cancellationToken)
    {
        var request = new HttpRequest("GET", HttpTarget.Parse(url), [], default);
        var sessionOptions = new HttpSessionOptions
        {
            ReuseConnections = !_declaration.NoConnectionReuse,
            Timeout = RequestTimeout,
            BodyLimit = 64 * 1024,
        };
        var checks = new ResponseChecks(_declaration.ExpectStatus, _declaration.ExpectBody);
        var metrics = new LoadTestMetrics { Backends = BackendSource.Body };
        var factory = new RequestVirtualUserFactory(request, sessionOptions, checks, metrics, TimeProvider.System);
        var scope = await StackScope.ReadAsync(client, Stack, cancellationToken).ConfigureAwait(false);
        await using var events = await StackEventRecorder.StartAsync(client, scope, Console.Error, cancellationToken).ConfigureAwait(false);
        return await LoadTestCommand.Execution().RunAsync(
            _plan, url, factory, metrics, result => _thresholds.Evaluate(result.Metrics, metrics), outputs, cancellationToken, events).ConfigureAwait(false);
    }
}
