using System.Text;
using Flotilla.LoadTest.Results;
using static Flotilla.LoadTest.Report.ReportFormat;

namespace Flotilla.LoadTest.Report;

/// <summary>The report's lists: thresholds, checks, failed requests by kind, responses by body.</summary>
internal static class TallySections
{
    public static string Thresholds(IReadOnlyList<ThresholdResult> thresholds)
    {
        var html = Open("thresholds", "Thresholds");
        if (thresholds.Count == 0)
        {
            return Close(html.Append(None("No thresholds were defined.")));
        }

        var table = new HtmlTable("thresholds", ("metric", false), ("threshold", false), ("actual", true), ("result", false));
        foreach (var t in thresholds)
        {
            // Duration metrics are in milliseconds, as in their expressions (p(95)<500).
            var actual = t.Metric.Contains("duration", StringComparison.Ordinal) ? Number(t.Actual, 3) + " ms" : Number(t.Actual, 4);
            table.Row(TableCell.Text(t.Metric, "metric"), TableCell.Raw($"<code>{Html(t.Expression)}</code>"), actual, Badge(t.Passed));
        }

        return Close(html.Append(table.Finish()));
    }

    public static string Checks(IReadOnlyList<CheckResult> checks)
    {
        var html = Open("checks", "Checks");
        if (checks.Count == 0)
        {
            return Close(html.Append(None("No checks were defined.")));
        }

        var table = new HtmlTable("checks", ("check", false), ("passes", true), ("fails", true), ("passed", true), ("", false));
        foreach (var c in checks)
        {
            var total = c.Passes + c.Fails;
            table.Row(
                c.Name,
                Count(c.Passes),
                TableCell.Text(Count(c.Fails), c.Fails > 0 ? "bad" : ""),
                Share(c.Passes, total),
                Badge(c.Fails == 0));
        }

        return Close(html.Append(table.Finish()));
    }

    /// <param name="failedRequests">http_req_failed's matches: the whole the shares are of.</param>
    public static string Errors(IReadOnlyList<KindCount> errors, long failedRequests)
    {
        var html = Open("errors", "Errors by kind");
        if (errors.Count == 0)
        {
            return Close(html.Append(None("No request failed.")));
        }

        var total = Math.Max(failedRequests, errors.Sum(e => e.Count));
        var table = new HtmlTable("errors", ("kind", false), ("count", true), ("share of failures", true));
        foreach (var e in errors)
        {
            table.Row(TableCell.Raw($"<code>{Html(e.Kind)}</code>"), Count(e.Count), Share(e.Count, total));
        }

        return Close(html.Append(table.Finish()));
    }

    public static string Bodies(IReadOnlyList<BodyCount> bodies)
    {
        var html = Open("bodies", "Responses by body");
        if (bodies.Count == 0)
        {
            return Close(html.Append(None("Response bodies were not tallied.")));
        }

        var total = bodies.Sum(b => b.Count);
        var table = new HtmlTable("bodies", ("body", false), ("responses", true), ("share", true));
        foreach (var b in bodies)
        {
            var body = b.Body.Length == 0 ? "<span class=\"muted\">(empty)</span>" : $"<code class=\"body\">{Html(b.Body)}</code>";
            table.Row(TableCell.Raw(body), Count(b.Count), Share(b.Count, total));
        }

        return Close(html.Append(table.Finish()));
    }

    private static TableCell Badge(bool passed) =>
        TableCell.Raw(passed ? "<span class=\"badge pass\">✓ pass</span>" : "<span class=\"badge fail\">✗ fail</span>");

    private static StringBuilder Open(string id, string title) =>
        new StringBuilder("<section id=\"").Append(id).Append("\">\n<h2>").Append(Html(title)).Append("</h2>\n");

    private static string None(string text) => $"<p class=\"none\">{Html(text)}</p>\n";

    private static string Close(StringBuilder html) => html.Append("</section>\n").ToString();
}
