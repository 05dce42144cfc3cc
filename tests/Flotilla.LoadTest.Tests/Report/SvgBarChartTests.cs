using Flotilla.LoadTest.Report;
using Flotilla.LoadTest.Tests.Support;

namespace Flotilla.LoadTest.Tests.Report;

public sealed class SvgBarChartTests
{
    [Fact]
    public void Each_bar_is_a_rect_as_tall_as_its_value_with_hover_text()
    {
        var svg = Render([new("1ms", 10, "a"), new("2ms", 40, "b"), new("5ms", 0, "c"), new("10ms", 20, "d")]);

        var bars = svg.InSeries("requests", "rect").ToList();
        Assert.Equal(4, bars.Count);
        Assert.Equal(["a", "b", "c", "d"], bars.Select(b => b.Value));
        var heights = bars.Select(b => b.Number("height")).ToList();
        Assert.Equal(4 * heights[0], heights[1], 6);
        Assert.Equal(0, heights[2]);
        Assert.Equal(["1ms", "2ms", "5ms", "10ms"], svg.Texts("tick").Where(t => t.EndsWith("ms", StringComparison.Ordinal)));
    }

    [Fact]
    public void Labels_thin_out_when_bars_are_narrow()
    {
        var svg = Render([.. Enumerable.Range(0, 200).Select(i => new ChartBar($"b{i}", i, ""))]);

        var labels = svg.Texts("tick").Where(t => t.StartsWith('b')).ToList();
        Assert.InRange(labels.Count, 5, 15);
        Assert.Equal("b199", labels[^1]);
    }

    [Fact]
    public void All_zero_bars_show_the_empty_message()
    {
        var svg = Render([new("1ms", 0, ""), new("2ms", 0, "")]);

        Assert.Empty(svg.InSeries("requests", "rect"));
        Assert.Equal(["No data"], svg.Texts("empty-message"));
    }

    [Fact]
    public void Markers_are_placed_in_bar_units()
    {
        var chart = new SvgBarChart
        {
            Id = "h",
            Title = "t",
            XTitle = "x",
            YTitle = "y",
            Color = ChartColors.Blue,
            Bars = [new("1", 1, ""), new("2", 1, "")],
            Markers = [new("p95", 1.0, ChartColors.Orange), new("bad", double.NaN, ChartColors.Red)],
        };

        var svg = SvgMarkup.Parse(chart.Render());

        var marker = Assert.Single(svg.All("line"), l => (string?)l.Attribute("class") == "marker");
        var bars = svg.InSeries("requests", "rect").ToList();
        // Position 1.0 is the boundary between the first bar and the second.
        Assert.InRange(marker.Number("x1"), bars[0].Number("x") + bars[0].Number("width"), bars[1].Number("x"));
        Assert.DoesNotContain("NaN", svg.ToString());
    }

    private static System.Xml.Linq.XElement Render(IReadOnlyList<ChartBar> bars) => SvgMarkup.Parse(new SvgBarChart
    {
        Id = "h",
        Title = "t",
        XTitle = "x",
        YTitle = "y",
        Bars = bars,
        Color = ChartColors.Blue,
    }.Render());
}
