using System.Text;
using Flotilla.LoadTest.Results;
using static Flotilla.LoadTest.Report.ReportFormat;

namespace Flotilla.LoadTest.Report;

/// <summary>k6's end-of-test summary as two tables: the latency trends, then counters and rates.</summary>
internal static class MetricsSection
{
    public static string Render(MetricsSummary metrics)
    {
        var html = new StringBuilder("<section id=\"summary\">\n<h2>Summary</h2>\n");
        html.Append(new HtmlTable(
                "metrics trends",
                ("metric", false), ("avg", true), ("min", true), ("med", true), ("max", true),
                ("p(90)", true), ("p(95)", true), ("p(99)", true), ("samples", true))
            .Row(Trend("http_req_duration", metrics.HttpReqDuration))
            .Row(Trend("iteration_duration", metrics.IterationDuration))
            .Finish());

        var failed = metrics.HttpReqFailed;
        var checks = metrics.Checks;
        html.Append(new HtmlTable("metrics counters", ("metric", false), ("value", true), ("detail", true))
            .Row(Name("http_req_failed"), Text(Share(failed.Matches, failed.Total), failed.Matches > 0 ? "bad" : "good"), $"{Count(failed.Matches)} of {Count(failed.Total)} requests")
            .Row(Name("http_reqs"), Count(metrics.HttpReqs.Count), Number(metrics.HttpReqs.Rate) + "/s")
            .Row(Name("iterations"), Count(metrics.Iterations.Count), Number(metrics.Iterations.Rate) + "/s")
            .Row(Name("dropped_iterations"), Text(Count(metrics.DroppedIterations.Count), metrics.DroppedIterations.Count > 0 ? "bad" : ""), Number(metrics.DroppedIterations.Rate) + "/s")
            .Row(Name("data_sent"), Bytes(metrics.DataSent.Count), Bytes(metrics.DataSent.Rate) + "/s")
            .Row(Name("data_received"), Bytes(metrics.DataReceived.Count), Bytes(metrics.DataReceived.Rate) + "/s")
            .Row(Name("checks"), Text(Share(checks.Matches, checks.Total), checks.Matches < checks.Total ? "bad" : "good"), $"{Count(checks.Matches)} of {Count(checks.Total)} passed")
            .Row(Name("vus"), Count(metrics.Vus.Value), $"min {Count(metrics.Vus.Min)}, max {Count(metrics.Vus.Max)}")
            .Row(Name("vus_max"), Count(metrics.VusMax.Value), $"min {Count(metrics.VusMax.Min)}, max {Count(metrics.VusMax.Max)}")
            .Finish());
        return html.Append("</section>\n").ToString();
    }

    private static TableCell[] Trend(string name, TrendSummary trend) => trend.Count == 0
        ? [Name(name), Missing, Missing, Missing, Missing, Missing, Missing, Missing, "0"]
        :
        [
            Name(name), Milliseconds(trend.Avg), Milliseconds(trend.Min), Milliseconds(trend.Med), Milliseconds(trend.Max),
            Milliseconds(trend.P90), Milliseconds(trend.P95), Milliseconds(trend.P99), Count(trend.Count),
        ];

    private static TableCell Name(string metric) => TableCell.Text(metric, "metric");

    private static TableCell Text(string text, string cssClass) => TableCell.Text(text, cssClass);
}
