using System.Collections.Concurrent;
using Flotilla.LoadTest.Report;
using Flotilla.LoadTest.Tests.Support;
using Microsoft.Playwright;

namespace Flotilla.LoadTest.Tests.Report;

/// <summary>
/// Opens a written report in headless Chromium: the page must load with no console error, no
/// script error and no network request, and each chart must actually show its data.
/// </summary>
public sealed class HtmlReportBrowserTests : IAsyncLifetime
{
    // Each chart and the colours its data is drawn in (axes, grid and text are greys).
    private static readonly (string Id, string[] Colours)[] Charts =
    [
        (ReportCharts.LatencyId, [ChartColors.Blue, ChartColors.Orange, ChartColors.Red]),
        (ReportCharts.ThroughputId, [ChartColors.Blue, ChartColors.Red]),
        (ReportCharts.HistogramId, [ChartColors.Blue]),
    ];

    // A legend swatch is a 20×3 line, about 65 pixels at the test's viewport; a line across the
    // plot is 900+ pixels long. Anything under this means the series did not draw.
    private const int MinSeriesPixels = 400;

    // Antialiasing blends line edges into the background; the core of a 2 px line keeps its colour.
    private const int Tolerance = 24;

    private readonly string directory = Directory.CreateTempSubdirectory("flotilla-report-").FullName;

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        Directory.Delete(directory, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Report_loads_without_errors_or_requests_and_every_chart_draws_its_data()
    {
        var path = Path.Combine(directory, "report.html");
        await HtmlReport.WriteAsync(SampleResults.Typical(), path, CancellationToken.None);
        var url = new Uri(path).AbsoluteUri;

        using var playwright = await Chromium.StartPlaywrightAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1200, Height = 900 } });

        // Events arrive on Playwright's connection thread.
        var errors = new ConcurrentQueue<string>();
        var requests = new ConcurrentQueue<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Enqueue("console: " + message.Text);
            }
        };
        page.PageError += (_, error) => errors.Enqueue("page error: " + error);
        page.Request += (_, request) => requests.Enqueue(request.Url);

        var response = await page.GotoAsync(url, new PageGotoOptions { WaitUntil = WaitUntilState.Load });
        Assert.NotNull(response);
        Assert.Equal("Load test report", await page.TextContentAsync("h1"));

        foreach (var (id, colours) in Charts)
        {
            var image = await ScreenshotAsync(page, id);
            Assert.True(image.Width > 600, $"{id}: {image.Width} px wide");
            foreach (var colour in colours)
            {
                var pixels = image.CountNear(colour, Tolerance);
                Assert.True(pixels >= MinSeriesPixels, $"{id}: only {pixels} pixels of {colour}, the series did not draw");
            }

            Assert.True(image.DistinctColours() > 20, $"{id}: {image.DistinctColours()} colours, the chart looks blank");
        }

        // The control: with its series removed, each chart must fail the check above, or the
        // check proves nothing (a legend or an axis alone must not pass for data).
        await page.EvaluateAsync("() => document.querySelectorAll('svg.chart g.series').forEach(g => g.remove())");
        foreach (var (id, colours) in Charts)
        {
            var image = await ScreenshotAsync(page, id);
            Assert.All(colours, colour => Assert.True(
                image.CountNear(colour, Tolerance) < MinSeriesPixels,
                $"{id}: {image.CountNear(colour, Tolerance)} pixels of {colour} with no series drawn; the blank check is too weak"));
        }

        Assert.Empty(errors);
        Assert.Equal([url], requests.Distinct());
    }

    private static async Task<PngImage> ScreenshotAsync(IPage page, string id)
    {
        var chart = await page.QuerySelectorAsync("#" + id);
        Assert.True(chart is not null, $"no element #{id} in the report");
        return PngImage.Decode(await chart.ScreenshotAsync(new ElementHandleScreenshotOptions { Type = ScreenshotType.Png }));
    }
}
