using System.Globalization;
using System.Text;
using Flotilla.LoadTest.Results;
using static Flotilla.LoadTest.Report.ReportFormat;

namespace Flotilla.LoadTest.Report;

/// <summary>
/// <c>--report report.html</c>: one self-contained HTML file (inline CSS, charts as inline SVG,
/// no script, no network) that a person opens in a browser after a run.
/// </summary>
public static class HtmlReport
{
    // The policy is the proof of "self-contained": should a later change reference anything
    // outside the file, the browser blocks it instead of quietly fetching it.
    private const string ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

    public static string Render(LoadTestResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var html = new StringBuilder(64 * 1024);
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta http-equiv=\"Content-Security-Policy\" content=\"").Append(ContentSecurityPolicy).Append("\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<meta name=\"generator\" content=\"flotilla loadtest\">\n")
            // An empty data: icon, or the browser asks the (absent) server for /favicon.ico.
            .Append("<link rel=\"icon\" href=\"data:,\">\n")
            .Append("<title>Load test: ").Append(Html(result.Run.Target)).Append("</title>\n")
            .Append("<style>\n").Append(ReportStyles.Css).Append("\n</style>\n</head>\n<body>\n<div class=\"page\">\n");

        html.Append(RunSection.Render(result));
        html.Append(TallySections.Thresholds(result.Thresholds));
        html.Append(MetricsSection.Render(result.Metrics));
        html.Append("<section id=\"charts\">\n<h2>Charts</h2>\n")
            .Append("<figure>").Append(ReportCharts.Latency(result.Timeline, result.Events)).Append("</figure>\n")
            .Append("<figure>").Append(ReportCharts.Throughput(result.Timeline, result.Events)).Append("</figure>\n");
        if (result.Backends.Count > 0)
        {
            html.Append("<figure>").Append(ReportCharts.BackendLatency(result.Backends, result.Events)).Append("</figure>\n")
                .Append("<figure>").Append(ReportCharts.BackendThroughput(result.Backends, result.Events)).Append("</figure>\n");
        }

        html.Append("<figure>").Append(ReportCharts.Histogram(result.LatencyHistogram, result.Metrics.HttpReqDuration)).Append("</figure>\n")
            .Append("</section>\n");
        if (result.Run.Stack is not null || result.Events.Count > 0)
        {
            html.Append(EventsSection.Render(result.Run, result.Events));
        }

        html.Append(TallySections.Checks(result.Checks));
        html.Append(TallySections.Errors(result.Errors, result.Metrics.HttpReqFailed.Matches));
        if (result.Backends.Count > 0)
        {
            html.Append(BackendsSection.Render(result.Backends));
        }

        html.Append(TallySections.Bodies(result.Bodies));

        html.Append("<footer>flotilla loadtest · result schema v").Append(result.SchemaVersion.ToString(CultureInfo.InvariantCulture)).Append("</footer>\n")
            .Append("</div>\n</body>\n</html>\n");
        return html.ToString();
    }

    /// <summary>Writes <see cref="Render"/>'s page to <paramref name="path"/> as UTF-8 (no BOM).</summary>
    public static async Task WriteAsync(LoadTestResult result, string path, CancellationToken cancellationToken)
    {
        var page = Render(result);
        await File.WriteAllTextAsync(path, page, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), cancellationToken).ConfigureAwait(false);
    }
}
