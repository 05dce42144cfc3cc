using System.Text;
using Flotilla.LoadTest.Results;
using static Flotilla.LoadTest.Report.ReportFormat;

namespace Flotilla.LoadTest.Report;

/// <summary>Each backend's requests and latency over the whole run, beside its lines on the per-backend charts.</summary>
internal static class BackendsSection
{
    public static string Render(IReadOnlyList<BackendSeries> backends)
    {
        var html = new StringBuilder("<section id=\"backends\">\n<h2>Responses by backend</h2>\n");
        var total = backends.Sum(b => b.Requests);
        var table = new HtmlTable("backends", ("backend", false), ("responses", true), ("share", true), ("failed", true), ("p50", true), ("p95", true), ("p99", true), ("max", true));
        foreach (var b in backends)
        {
            var d = b.HttpReqDuration;
            table.Row(
                TableCell.Raw($"<code class=\"body\">{Html(b.Backend)}</code>"),
                Count(b.Requests),
                Share(b.Requests, total),
                TableCell.Text(Count(b.Failures), b.Failures > 0 ? "bad" : ""),
                Milliseconds(d.Med), Milliseconds(d.P95), Milliseconds(d.P99), Milliseconds(d.Max));
        }

        return html.Append(table.Finish()).Append("</section>\n").ToString();
    }
}
