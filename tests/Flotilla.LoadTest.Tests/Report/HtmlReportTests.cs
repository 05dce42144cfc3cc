using System.Text.RegularExpressions;
using Flotilla.LoadTest.Report;
using Flotilla.LoadTest.Results;
using Flotilla.LoadTest.Tests.Support;

namespace Flotilla.LoadTest.Tests.Report;

public sealed partial class HtmlReportTests
{
    [Fact]
    public void Every_user_provided_string_is_escaped()
    {
        var html = HtmlReport.Render(SampleResults.Typical());

        Assert.DoesNotContain(SampleResults.Markup, html);
        Assert.DoesNotContain("<h1>backend 2", html);
        Assert.Contains("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;", html);
        // Target (header and <title>), a check, an error kind, a body and a threshold: each escaped in place.
        Assert.Equal(6, Regex.Count(html, "&lt;img src=x"));
    }

    [Fact]
    public void The_page_is_self_contained()
    {
        var html = HtmlReport.Render(SampleResults.Typical());

        Assert.StartsWith("<!DOCTYPE html>", html);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.All(ReferenceAttribute().Matches(html), m => Assert.StartsWith("data:", m.Groups[1].Value));
        Assert.Contains("default-src 'none'", html);
    }

    [Fact]
    public void Header_summary_and_tables_carry_the_result()
    {
        var html = HtmlReport.Render(SampleResults.Typical());

        Assert.Contains("1 of 2 thresholds failed", html);
        Assert.Contains("2025-06-01 12:00:00 +00:00", html);
        Assert.Contains(">1m0.4s<", html);
        Assert.Contains(">412.5ms<", html);
        Assert.Contains(">11,081<", html);
        Assert.Contains("225 of 11,081 requests", html);
        Assert.Contains(">26 MB<", html);
        Assert.Contains("✗ fail", html);
        Assert.Contains(">status is 200<", html);
        foreach (var id in new[] { ReportCharts.LatencyId, ReportCharts.ThroughputId, ReportCharts.HistogramId })
        {
            Assert.Contains($"id=\"{id}\"", html);
        }
    }

    [Fact]
    public void A_stack_run_adds_per_backend_charts_its_backends_and_its_events_numbered_as_their_markers()
    {
        var result = SampleResults.Typical(20) with
        {
            Run = SampleResults.Typical(20).Run with { Stack = "website" },
            Backends = [new BackendSeries("Hello from VM <0>", 100, 2, new TrendSummary(100, 2, 1, 2, 30, 3, 4, 5), [new(1, 100, 2, 100, 2, 4, 5)])],
            Events = [new RunEvent(3.25, SampleResults.Started.AddSeconds(3.25), "probe.down", "balancer/web", "10.0.1.5 <down>")],
        };

        var html = HtmlReport.Render(result);

        Assert.Contains($"id=\"{ReportCharts.BackendLatencyId}\"", html);
        Assert.Contains($"id=\"{ReportCharts.BackendThroughputId}\"", html);
        Assert.Contains("<section id=\"events\">", html);
        Assert.Contains("<section id=\"backends\">", html);
        Assert.Contains("Hello from VM &lt;0&gt;", html);
        Assert.Contains("10.0.1.5 &lt;down&gt;", html);
        Assert.Contains(">3.25s<", html);
        Assert.Contains(">website<", html);
        Assert.DoesNotContain("<down>", html);
    }

    [Fact]
    public void A_run_without_a_stack_has_no_events_section()
    {
        var html = HtmlReport.Render(SampleResults.Typical(5));

        Assert.DoesNotContain("id=\"events\"", html);
        Assert.DoesNotContain(ReportCharts.BackendLatencyId, html);
    }

    [Fact]
    public void An_empty_run_renders_every_section_with_a_note()
    {
        var html = HtmlReport.Render(SampleResults.Empty());

        Assert.DoesNotContain("<polyline", html);
        Assert.Contains("No thresholds defined", html);
        Assert.Contains("No checks were defined.", html);
        Assert.Contains("No request failed.", html);
        Assert.Contains("Response bodies were not tallied.", html);
        Assert.Equal(3, Regex.Count(html, "class=\"empty-message\""));
        Assert.Contains("interrupted after 0s", html);
        Assert.DoesNotContain("NaN", html);
    }

    [Fact]
    public void Non_finite_numbers_never_reach_the_page()
    {
        var typical = SampleResults.Typical(5);
        var nan = double.NaN;
        var broken = typical with
        {
            Run = typical.Run with { DurationSeconds = nan, ElapsedSeconds = double.PositiveInfinity, Rate = nan },
            Metrics = typical.Metrics with
            {
                HttpReqDuration = new TrendSummary(5, nan, nan, nan, double.PositiveInfinity, nan, nan, nan),
                HttpReqs = new CounterSummary(5, nan),
                DataSent = new CounterSummary(5, double.NegativeInfinity),
            },
            Timeline = [.. typical.Timeline.Select(p => p with { Rps = nan, P50 = nan, P95 = double.PositiveInfinity, P99 = 1e308 })],
            LatencyHistogram = [new(nan, 3), new(double.PositiveInfinity, 4), new(10, 2)],
            Thresholds = [new ThresholdResult("http_req_duration", "p(95)<500", false, nan)],
        };

        var html = HtmlReport.Render(broken);

        Assert.DoesNotContain("NaN", html);
        Assert.DoesNotContain("Infinity", html);
        Assert.DoesNotContain("∞", html);
    }

    [Fact]
    public async Task WriteAsync_writes_the_rendered_page_as_utf8_without_bom()
    {
        var path = Path.Combine(Path.GetTempPath(), $"flotilla-report-{Guid.NewGuid():N}.html");
        try
        {
            var result = SampleResults.Typical(3);
            await HtmlReport.WriteAsync(result, path, CancellationToken.None);

            var bytes = await File.ReadAllBytesAsync(path);
            Assert.Equal((byte)'<', bytes[0]);
            Assert.Equal(HtmlReport.Render(result), System.Text.Encoding.UTF8.GetString(bytes));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [GeneratedRegex("""(?:src|href)\s*=\s*"([^"]*)" """, RegexOptions.IgnoreCase)]
    private static partial Regex ReferenceAttribute();
}
