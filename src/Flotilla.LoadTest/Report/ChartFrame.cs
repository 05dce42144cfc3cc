namespace Flotilla.LoadTest.Report;

/// <summary>
/// The parts every chart shares: the title row with its legend, the plot rectangle, axes with
/// gridlines and tick labels, axis titles, and the "no data" message.
/// </summary>
internal sealed class ChartFrame
{
    public const double Width = 960;
    public const double Height = 330;

    // SVG cannot measure text without script; this is DejaVu Sans/Arial's mean advance at the
    // 12 px legend size, generous so that legend entries never overlap.
    private const double CharWidth = 7.2;

    private const double Top = 44;
    private const double Bottom = 50;
    private const double Left = 74;

    private readonly SvgCanvas canvas;

    public ChartFrame(SvgCanvas canvas, bool rightAxis)
    {
        this.canvas = canvas;
        PlotLeft = Left;
        PlotTop = Top;
        PlotWidth = Width - Left - (rightAxis ? 64 : 24);
        PlotHeight = Height - Top - Bottom;
        canvas.Rect(0, 0, Width, Height, "#ffffff");
    }

    public double PlotLeft { get; }
    public double PlotTop { get; }
    public double PlotWidth { get; }
    public double PlotHeight { get; }
    public double PlotBottom => PlotTop + PlotHeight;
    public double PlotRight => PlotLeft + PlotWidth;

    /// <summary>The x coordinate of a fraction (0 left, 1 right) of the plot width.</summary>
    public double X(double fraction) => PlotLeft + Math.Clamp(fraction, 0, 1) * PlotWidth;

    /// <summary>The y coordinate of a fraction (0 bottom, 1 top) of the plot height.</summary>
    public double Y(double fraction) => PlotBottom - Math.Clamp(fraction, 0, 1) * PlotHeight;

    public void Title(string title) => canvas.Text(12, 24, title, "chart-title");

    /// <summary>Legend entries on the title row, flush with the chart's right edge, in reading order.</summary>
    public void Legend(IReadOnlyList<(string Name, string Color, bool Dashed)> entries)
    {
        // Each entry: a 20 px swatch, 6 px space, the name, 18 px to the next entry.
        var x = Width - 12 - entries.Sum(e => 26 + e.Name.Length * CharWidth) - 18 * Math.Max(0, entries.Count - 1);
        foreach (var (name, color, dashed) in entries)
        {
            canvas.Line(x, 20, x + 20, 20, "legend-swatch", color, dashed);
            canvas.Text(x + 26, 24, name, "legend");
            x += 26 + name.Length * CharWidth + 18;
        }
    }

    /// <summary>Horizontal gridlines and tick labels of a y axis, and its title along the side.</summary>
    public void YAxis(ChartAxis axis, Func<double, string> format, string title, bool right = false)
    {
        foreach (var tick in axis.Ticks)
        {
            var y = Y(axis.Fraction(tick));
            if (!right)
            {
                canvas.Line(PlotLeft, y, PlotRight, y, tick == axis.Min ? "axis" : "grid");
            }

            canvas.Text(right ? PlotRight + 8 : PlotLeft - 8, y + 4, format(tick), "tick", right ? "start" : "end");
        }

        if (!right)
        {
            canvas.Line(PlotLeft, PlotTop, PlotLeft, PlotBottom, "axis");
        }

        var centre = PlotTop + PlotHeight / 2;
        canvas.Text(right ? Width - 10 : 16, centre, title, "axis-title", "middle", right ? 90 : -90);
    }

    /// <summary>Tick marks and labels under the plot, and the axis title below them.</summary>
    public void XAxis(IEnumerable<(double Fraction, string Label)> ticks, string title)
    {
        foreach (var (fraction, label) in ticks)
        {
            var x = X(fraction);
            canvas.Line(x, PlotBottom, x, PlotBottom + 5, "axis");
            canvas.Text(x, PlotBottom + 19, label, "tick", "middle");
        }

        canvas.Text(PlotLeft + PlotWidth / 2, Height - 8, title, "axis-title", "middle");
    }

    /// <summary>An empty plot box with a message in it, for a run that gave the chart nothing to draw.</summary>
    public void Empty(string message)
    {
        canvas.Rect(PlotLeft, PlotTop, PlotWidth, PlotHeight, "#f9fafb", cssClass: "empty-plot");
        canvas.Text(PlotLeft + PlotWidth / 2, PlotTop + PlotHeight / 2, message, "empty-message", "middle");
    }
}
