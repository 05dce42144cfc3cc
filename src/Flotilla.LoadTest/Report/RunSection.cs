using System.Globalization;
using System.Text;
using Flotilla.LoadTest.Results;
using static Flotilla.LoadTest.Report.ReportFormat;

namespace Flotilla.LoadTest.Report;

/// <summary>The page header: what ran against what, when, for how long, and the verdict.</summary>
internal static class RunSection
{
    public static string Render(LoadTestResult result)
    {
        var run = result.Run;
        var html = new StringBuilder();
        html.Append("<header>\n<h1>Load test report</h1>\n");
        html.Append("<p class=\"target\"><span class=\"label\">target</span> <code>").Append(Html(run.Target)).Append("</code></p>\n");
        html.Append(Verdict(result));

        html.Append("<dl class=\"run\">\n");
        if (run.Stack is { } stack)
        {
            Item(html, "stack", stack);
        }

        Item(html, "model", run.Model);
        Item(html, "VUs", Count(run.Vus));
        if (run.Rate is { } rate)
        {
            Item(html, "arrival rate", Number(rate) + "/s");
        }

        Item(html, "duration", Duration(run.DurationSeconds));
        Item(html, "elapsed", Duration(run.ElapsedSeconds, precise: true));
        // ISO 8601 with the offset the run recorded: unambiguous whoever reads it, wherever.
        Item(html, "started", run.Started.ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture), wide: true);
        Item(html, "interrupted", run.Interrupted ? "yes" : "no", run.Interrupted ? "bad" : null);
        if (run.InterruptedIterations > 0)
        {
            Item(html, "interrupted iterations", Count(run.InterruptedIterations), "bad");
        }

        html.Append("</dl>\n</header>\n");
        return html.ToString();
    }

    private static string Verdict(LoadTestResult result)
    {
        var failed = result.Thresholds.Count(t => !t.Passed);
        var (cssClass, text) = result.Thresholds.Count switch
        {
            0 => ("neutral", "No thresholds defined"),
            _ when failed == 0 => ("pass", $"All {Count(result.Thresholds.Count)} thresholds passed"),
            _ => ("fail", $"{Count(failed)} of {Count(result.Thresholds.Count)} thresholds failed"),
        };

        var verdict = $"<p class=\"verdict {cssClass}\">{Html(text)}";
        if (result.Run.Interrupted)
        {
            verdict += $" <span class=\"badge fail\">interrupted after {Html(Duration(result.Run.ElapsedSeconds, precise: true))}</span>";
        }

        return verdict + "</p>\n";
    }

    private static void Item(StringBuilder html, string term, string value, string? cssClass = null, bool wide = false)
    {
        html.Append(wide ? "<div class=\"wide\"><dt>" : "<div><dt>").Append(Html(term)).Append("</dt><dd")
            .Append(cssClass is null ? "" : $" class=\"{Html(cssClass)}\"").Append('>')
            .Append(Html(value)).Append("</dd></div>\n");
    }
}
