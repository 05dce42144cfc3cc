using Flotilla.LoadTest.Report;
using Flotilla.LoadTest.Tests.Support;

namespace Flotilla.LoadTest.Tests.Report;

public sealed class SvgLineChartTests
{
    [Fact]
    public void A_series_of_N_points_is_one_polyline_of_N_points_left_to_right()
    {
        var svg = Render(Series("rps", Enumerable.Range(1, 60).Select(s => ((double)s, 100.0 + s))));

        var line = Assert.Single(svg.InSeries("rps", "polyline"));
        var points = line.Points();
        Assert.Equal(60, points.Count);
        Assert.True(points.Zip(points.Skip(1)).All(p => p.Second.X > p.First.X));
        // Higher values are higher up: smaller y.
        Assert.True(points[^1].Y < points[0].Y);
        Assert.Equal("#2563eb", (string?)line.Attribute("stroke"));
    }

    [Fact]
    public void A_gap_splits_the_line()
    {
        var svg = Render(Series("p95", [(1, 10), (2, 12), (3, double.NaN), (4, 11), (5, 13)]));

        Assert.Equal([2, 2], svg.InSeries("p95", "polyline").Select(l => l.Points().Count));
    }

    [Fact]
    public void A_single_point_is_drawn_as_a_dot()
    {
        var svg = Render(Series("p50", [(1, 42)]));

        Assert.Empty(svg.InSeries("p50", "polyline"));
        var dot = Assert.Single(svg.InSeries("p50", "circle"));
        Assert.DoesNotContain("NaN", svg.ToString());
        // Not on the plot's edge: the x axis leaves room after a lone sample.
        Assert.InRange(dot.Number("cx"), 0.3 * ChartFrame.Width, 0.7 * ChartFrame.Width);
        Assert.InRange(dot.Number("cy"), 1, ChartFrame.Height - 1);
    }

    [Fact]
    public void No_points_at_all_show_the_empty_message()
    {
        var svg = Render(Series("p50", []), empty: "Nothing here");

        Assert.Empty(svg.All("polyline"));
        Assert.Equal(["Nothing here"], svg.Texts("empty-message"));
    }

    [Fact]
    public void All_zero_values_lie_on_the_bottom_axis()
    {
        var svg = Render(Series("rps", Enumerable.Range(0, 10).Select(s => ((double)s, 0.0))));

        var points = Assert.Single(svg.InSeries("rps", "polyline")).Points();
        Assert.Single(points.Select(p => p.Y).Distinct());
        Assert.Equal(["0", "0.2", "0.4", "0.6", "0.8", "1"], svg.Texts("tick").Take(6));
    }

    [Fact]
    public void Huge_and_infinite_values_stay_inside_the_chart()
    {
        var svg = Render(Series("p99", [(1, 1e300), (2, double.PositiveInfinity), (3, 5), (double.NaN, 3), (4, double.MaxValue)]));

        var text = svg.ToString();
        Assert.DoesNotContain("NaN", text);
        Assert.DoesNotContain("Infinity", text);
        Assert.DoesNotContain("E+", text);
        Assert.All(svg.All("polyline").SelectMany(l => l.Points()), p =>
        {
            Assert.InRange(p.X, 0, ChartFrame.Width);
            Assert.InRange(p.Y, 0, ChartFrame.Height);
        });
    }

    [Fact]
    public void A_right_axis_series_gets_its_own_ticks_and_title()
    {
        var chart = new SvgLineChart
        {
            Id = "c",
            Title = "t",
            YTitle = "requests per second",
            RightTitle = "active VUs",
            RightIntegers = true,
            Series =
            [
                Series("rps", [(1, 900), (2, 1000)]),
                Series("VUs", [(1, 1), (2, 3)]) with { RightAxis = true, Dashed = true },
            ],
        };

        var svg = SvgMarkup.Parse(chart.Render());

        Assert.Contains("active VUs", svg.Texts("axis-title"));
        Assert.Contains("3", svg.Texts("tick"));
        Assert.Contains("1k", svg.Texts("tick"));
        Assert.Equal("6 4", (string?)Assert.Single(svg.InSeries("VUs", "polyline")).Attribute("stroke-dasharray"));
    }

    [Fact]
    public void Titles_and_series_names_are_escaped()
    {
        var chart = new SvgLineChart { Id = "c", Title = "<t>", YTitle = "&", Series = [Series("<s>", [(1, 1), (2, 2)])] };

        var markup = chart.Render();

        Assert.DoesNotContain("<t>", markup);
        Assert.Contains("&lt;s&gt;", markup);
        Assert.Contains("<t>", SvgMarkup.Parse(markup).Texts("chart-title"));
    }

    [Fact]
    public void Markers_are_vertical_lines_at_their_time_with_a_label_and_hover_text()
    {
        var chart = new SvgLineChart
        {
            Id = "c", Title = "t", YTitle = "y",
            Series = [Series("rps", Enumerable.Range(0, 11).Select(s => ((double)s, 100.0)))],
            Markers = [new ChartMarker("1", 5, "#dc2626") { Tooltip = "probe.down balancer/web" }, new ChartMarker("2", 14, "#0d9488") { Tooltip = "probe.up" }],
        };

        var svg = SvgMarkup.Parse(chart.Render());

        var groups = svg.All("g").Where(g => (string?)g.Attribute("class") == "event-marker").ToList();
        Assert.Equal(["1", "2"], groups.Select(g => (string?)g.Attribute("data-name")));
        Assert.Equal("probe.down balancer/web", groups[0].Element(SvgMarkup.Ns + "title")?.Value);
        var line = groups[0].Elements(SvgMarkup.Ns + "line").Single(l => (string?)l.Attribute("class") == "marker");
        Assert.Equal(line.Number("x1"), line.Number("x2"));
        Assert.Equal("#dc2626", (string?)line.Attribute("stroke"));
        // An event after the last sample widens the axis instead of being clamped onto the edge.
        var points = Assert.Single(svg.InSeries("rps", "polyline")).Points();
        var later = groups[1].Elements(SvgMarkup.Ns + "line").Single(l => (string?)l.Attribute("class") == "marker");
        Assert.True(later.Number("x1") > points[^1].X);
        Assert.InRange(line.Number("x1"), points[4].X, points[6].X);
    }

    private static ChartSeries Series(string name, IEnumerable<(double X, double Y)> points) =>
        new(name, ChartColors.Blue, [.. points.Select(p => new ChartPoint(p.X, p.Y))]);

    private static System.Xml.Linq.XElement Render(ChartSeries series, string empty = "No data") =>
        SvgMarkup.Parse(new SvgLineChart { Id = "c", Title = "t", YTitle = "y", Series = [series], EmptyMessage = empty }.Render());
}
