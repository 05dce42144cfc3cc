using System.Text;

namespace Flotilla.LoadTest.Results;

/// <summary>
/// The end-of-run summary in the shape of k6's: checks, HTTP, execution and network metrics,
/// then what k6 does not show — failures by kind and responses per distinct body (which VM
/// answered).
/// </summary>
public static class SummaryText
{
    private const int LabelWidth = 36;
    // A summary is read at a glance: a flapping probe's hundred events belong in --out, not on the terminal.
    private const int MaxEventLines = 20;

    public static string Render(LoadTestResult result)
    {
        var m = result.Metrics;
        var run = result.Run;
        var s = new StringBuilder();
        s.AppendLine();
        s.AppendLine($"  target: {run.Target}");
        if (run.Stack is { } stack) s.AppendLine($"  stack:  {stack}");
        s.AppendLine($"  model:  {Describe(run)}");
        s.AppendLine();
        s.AppendLine(run.Interrupted ? "  █ TOTAL RESULTS (interrupted: the summary covers what ran)" : "  █ TOTAL RESULTS");
        s.AppendLine();
        if (m.Checks.Total > 0)
        {
            Line(s, "checks_total", $"{m.Checks.Total,-7} {Units.Number(m.Checks.Total / Math.Max(run.ElapsedSeconds, 1e-9), "0.######")}/s");
            Line(s, "checks_succeeded", $"{Units.Percent(m.Checks.Rate),-7} {m.Checks.Matches} out of {m.Checks.Total}");
            Line(s, "checks_failed", $"{Units.Percent(1 - m.Checks.Rate),-7} {m.Checks.Total - m.Checks.Matches} out of {m.Checks.Total}");
            s.AppendLine();
            foreach (var check in result.Checks)
            {
                var total = check.Passes + check.Fails;
                if (check.Fails == 0) s.AppendLine($"    ✓ {check.Name}");
                else
                {
                    s.AppendLine($"    ✗ {check.Name}");
                    s.AppendLine($"      ↳  {Math.Floor(100.0 * check.Passes / total)}% — ✓ {check.Passes} / ✗ {check.Fails}");
                }
            }
            s.AppendLine();
        }
        if (result.Thresholds.Count > 0)
        {
            s.AppendLine("    THRESHOLDS");
            foreach (var t in result.Thresholds)
            {
                s.AppendLine($"    {(t.Passed ? "✓" : "✗")} {t.Metric}: '{t.Expression}' {Units.Number(t.Actual, "0.####")}");
            }
            s.AppendLine();
        }
        s.AppendLine("    HTTP");
        Line(s, "http_req_duration", Trend(m.HttpReqDuration));
        Line(s, "http_req_failed", $"{Units.Percent(m.HttpReqFailed.Rate),-7} {m.HttpReqFailed.Matches} out of {m.HttpReqFailed.Total}");
        Line(s, "http_reqs", $"{m.HttpReqs.Count,-7} {Units.Number(m.HttpReqs.Rate)}/s");
        s.AppendLine();
        s.AppendLine("    EXECUTION");
        if (m.DroppedIterations.Count > 0) Line(s, "dropped_iterations", $"{m.DroppedIterations.Count,-7} {Units.Number(m.DroppedIterations.Rate)}/s");
        Line(s, "iteration_duration", Trend(m.IterationDuration));
        Line(s, "iterations", $"{m.Iterations.Count,-7} {Units.Number(m.Iterations.Rate)}/s");
        Line(s, "vus", $"{m.Vus.Value,-7} min={m.Vus.Min,-10} max={m.Vus.Max}");
        Line(s, "vus_max", $"{m.VusMax.Value,-7} min={m.VusMax.Min,-10} max={m.VusMax.Max}");
        s.AppendLine();
        s.AppendLine("    NETWORK");
        Line(s, "data_received", $"{Units.Bytes(m.DataReceived.Count),-7} {Units.Bytes(m.DataReceived.Rate)}/s");
        Line(s, "data_sent", $"{Units.Bytes(m.DataSent.Count),-7} {Units.Bytes(m.DataSent.Rate)}/s");
        if (result.Errors.Count > 0)
        {
            s.AppendLine();
            s.AppendLine("    FAILED REQUESTS BY KIND");
            foreach (var e in result.Errors) Line(s, e.Kind, $"{e.Count,-7} {Units.Percent((double)e.Count / Math.Max(m.HttpReqs.Count, 1))}");
        }
        if (result.Backends.Count > 0)
        {
            var answered = Math.Max(result.Backends.Sum(b => b.Requests), 1);
            s.AppendLine();
            s.AppendLine("    RESPONSES BY BACKEND");
            foreach (var b in result.Backends)
            {
                Line(s, Quote(b.Backend), $"{b.Requests,-7} {Units.Percent((double)b.Requests / answered),-7} p(95)={Units.Duration(b.HttpReqDuration.P95)} max={Units.Duration(b.HttpReqDuration.Max)}" +
                    (b.Failures > 0 ? $" failed={b.Failures}" : ""));
            }
        }
        else if (result.Bodies.Count > 1)
        {
            var answered = result.Bodies.Sum(b => b.Count);
            s.AppendLine();
            s.AppendLine("    RESPONSES BY BODY");
            foreach (var b in result.Bodies) Line(s, Quote(b.Body), $"{b.Count,-7} {Units.Percent((double)b.Count / answered)}");
        }
        if (run.Stack is not null)
        {
            s.AppendLine();
            s.AppendLine(result.Events.Count == 0 ? "    EVENTS DURING THE RUN: none" : "    EVENTS DURING THE RUN");
            foreach (var e in result.Events.Take(MaxEventLines)) s.AppendLine(EventLine(e));
            if (result.Events.Count > MaxEventLines) s.AppendLine($"    … and {result.Events.Count - MaxEventLines} more (--out and --report have them all)");
        }
        s.AppendLine();
        s.AppendLine($"running ({Units.Duration(run.ElapsedSeconds * 1000)}), {m.Vus.Value}/{m.VusMax.Value} VUs, {m.Iterations.Count} complete and {run.InterruptedIterations} interrupted iterations");
        return s.ToString();
    }

    public static string Describe(RunInfo run) => Describe(run.Model, run.Vus, run.DurationSeconds, run.Rate);

    /// <summary>A run's model in one line, also before it runs (from its plan).</summary>
    public static string Describe(string model, int vus, double durationSeconds, double? rate) => model switch
    {
        "open" => $"open: {Units.Number(rate ?? 0, "0.##")} iterations/s for {Units.Duration(durationSeconds * 1000)} on up to {vus} VUs",
        "closed" => $"closed: {vus} looping VUs for {Units.Duration(durationSeconds * 1000)}",
        _ => $"{model}: up to {vus} VUs for {Units.Duration(durationSeconds * 1000)}",
    };

    /// <summary><c>+12.3s  probe.down  balancer/web  10.0.1.5 …</c>: the offset from the run's start, then the event.</summary>
    public static string EventLine(RunEvent e) =>
        $"    {Offset(e.OffsetSeconds),-7} {e.Type,-16} {e.Object,-20} {e.Message.ReplaceLineEndings(" ")}".TrimEnd();

    private static string Offset(double seconds) =>
        (seconds < 0 ? "-" : "+") + Math.Abs(seconds).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + "s";

    private static string Trend(TrendSummary t) =>
        $"avg={Units.Duration(t.Avg)} min={Units.Duration(t.Min)} med={Units.Duration(t.Med)} max={Units.Duration(t.Max)} " +
        $"p(90)={Units.Duration(t.P90)} p(95)={Units.Duration(t.P95)} p(99)={Units.Duration(t.P99)}";

    private static string Quote(string body)
    {
        var oneLine = body.ReplaceLineEndings(" ");
        return "\"" + (oneLine.Length > 40 ? oneLine[..39] + "…" : oneLine) + "\"";
    }

    private static void Line(StringBuilder s, string name, string value)
    {
        var label = "    " + name;
        s.Append(label);
        s.Append('.', Math.Max(2, LabelWidth - label.Length));
        s.Append(": ").AppendLine(value);
    }
}
