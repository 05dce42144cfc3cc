using Flotilla.Cli.Commands.LoadTest.StackEvents;
using Flotilla.LoadTest.Execution;
using Flotilla.LoadTest.Metrics;
using Flotilla.LoadTest.Report;
using Flotilla.LoadTest.Results;

namespace Flotilla.Cli.Commands.LoadTest;

/// <summary>
/// Runs a plan (from flags or a script) with the live progress line, prints the summary — also
/// after Ctrl-C — writes <c>--out</c> and <c>--report</c>, and picks the exit code. With a stack's
/// event recorder (<c>--stack</c>, <c>apply --verify</c>), the stack's events go into the result.
/// </summary>
internal sealed class LoadTestExecution(TextWriter stdout, TextWriter stderr, bool interactive)
{
    public sealed record Outputs(string? JsonPath, string? ReportPath, bool Quiet);

    /// <summary>How long events from the run's last moments may take through the daemon's store to reach the watch.</summary>
    private static readonly TimeSpan EventSettle = TimeSpan.FromMilliseconds(300);

    public async Task<int> RunAsync(
        LoadTestPlan plan, string target, IVirtualUserFactory factory, LoadTestMetrics metrics,
        Func<LoadTestResult, IReadOnlyList<ThresholdResult>>? thresholds, Outputs outputs, CancellationToken cancellationToken,
        StackEventRecorder? events = null)
    {
        var progress = new ProgressLine(stderr, interactive);
        var runner = new LoadTestRunner(TimeProvider.System);
        await stderr.WriteLineAsync($"flotilla loadtest: {target} — {SummaryText.Describe(plan.Model, plan.MaxVus, plan.Duration.TotalSeconds, plan.Rate)}").ConfigureAwait(false);
        if (events is not null) await stderr.WriteLineAsync($"flotilla loadtest: marking stack {events.Stack}'s events on the timeline").ConfigureAwait(false);
        var result = await runner.RunAsync(plan, target, factory, metrics, outputs.Quiet ? null : progress, cancellationToken).ConfigureAwait(false);
        progress.Finish();
        if (events is not null)
        {
            result = result with
            {
                Run = result.Run with { Stack = events.Stack },
                Events = await events.StopAsync(result.Run.Started, cancellationToken.IsCancellationRequested ? TimeSpan.Zero : EventSettle).ConfigureAwait(false),
            };
        }
        if (thresholds is not null) result = result with { Thresholds = thresholds(result) };

        await stdout.WriteAsync(SummaryText.Render(result)).ConfigureAwait(false);
        await stdout.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        if (outputs.JsonPath is { } json)
        {
            await ResultJson.WriteAsync(result, json, CancellationToken.None).ConfigureAwait(false);
            await stderr.WriteLineAsync($"result: {json}").ConfigureAwait(false);
        }
        if (outputs.ReportPath is { } report)
        {
            await HtmlReport.WriteAsync(result, report, CancellationToken.None).ConfigureAwait(false);
            await stderr.WriteLineAsync($"report: {report}").ConfigureAwait(false);
        }
        if (result.Run.Interrupted) return ExitCodes.Interrupted;
        if (result.Thresholds.Any(t => !t.Passed))
        {
            await stderr.WriteLineAsync($"flotilla loadtest: thresholds failed: {string.Join(", ", result.Thresholds.Where(t => !t.Passed).Select(t => $"{t.Metric} '{t.Expression}'"))}").ConfigureAwait(false);
            return ExitCodes.ThresholdsFailed;
        }
        return ExitCodes.Ok;
    }
}
