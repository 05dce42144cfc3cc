using System.Text;
using static Flotilla.LoadTest.Report.ReportFormat;

namespace Flotilla.LoadTest.Report;

/// <summary>
/// Writes one inline SVG element. Every number goes through <see cref="ReportFormat.Coordinate"/>
/// and every text through <see cref="ReportFormat.Html"/>, so no caller can emit NaN or markup.
/// </summary>
internal sealed class SvgCanvas
{
    private readonly StringBuilder svg = new();

    /// <param name="id">The element id: the page links to it and the browser test screenshots it.</param>
    /// <param name="label">What a screen reader announces for the chart.</param>
    public SvgCanvas(string id, string label, double width, double height)
    {
        // A viewBox without width/height lets CSS scale the chart to the page; text scales with it.
        svg.Append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" id=\"").Append(Html(id))
            .Append("\" viewBox=\"0 0 ").Append(Coordinate(width)).Append(' ').Append(Coordinate(height))
            .Append("\" role=\"img\" aria-label=\"").Append(Html(label)).Append("\">\n");
    }

    public void Rect(double x, double y, double width, double height, string fill, string? tooltip = null, string? cssClass = null)
    {
        svg.Append("<rect x=\"").Append(Coordinate(x)).Append("\" y=\"").Append(Coordinate(y))
            .Append("\" width=\"").Append(Coordinate(Math.Max(0, width)))
            .Append("\" height=\"").Append(Coordinate(Math.Max(0, height)))
            .Append("\" fill=\"").Append(Html(fill)).Append('"');
        Class(cssClass);
        if (tooltip is null)
        {
            svg.Append("/>\n");
            return;
        }

        // A <title> child is the hover text browsers show without any script.
        svg.Append("><title>").Append(Html(tooltip)).Append("</title></rect>\n");
    }

    public void Line(double x1, double y1, double x2, double y2, string cssClass, string? stroke = null, bool dashed = false)
    {
        svg.Append("<line x1=\"").Append(Coordinate(x1)).Append("\" y1=\"").Append(Coordinate(y1))
            .Append("\" x2=\"").Append(Coordinate(x2)).Append("\" y2=\"").Append(Coordinate(y2)).Append('"');
        Class(cssClass);
        Stroke(stroke, dashed);
        svg.Append("/>\n");
    }

    public void Polyline(IReadOnlyList<(double X, double Y)> points, string stroke, bool dashed)
    {
        svg.Append("<polyline fill=\"none\" stroke-width=\"2\" stroke-linejoin=\"round\" stroke-linecap=\"round\"");
        Stroke(stroke, dashed);
        svg.Append(" points=\"");
        for (var i = 0; i < points.Count; i++)
        {
            svg.Append(i == 0 ? "" : " ").Append(Coordinate(points[i].X)).Append(',').Append(Coordinate(points[i].Y));
        }

        svg.Append("\"/>\n");
    }

    public void Circle(double x, double y, double radius, string fill)
    {
        svg.Append("<circle cx=\"").Append(Coordinate(x)).Append("\" cy=\"").Append(Coordinate(y))
            .Append("\" r=\"").Append(Coordinate(radius)).Append("\" fill=\"").Append(Html(fill)).Append("\"/>\n");
    }

    /// <param name="anchor">SVG text-anchor: <c>start</c>, <c>middle</c> or <c>end</c>.</param>
    /// <param name="rotate">Degrees about (x, y); -90 for a vertical axis title.</param>
    public void Text(double x, double y, string text, string cssClass, string anchor = "start", double rotate = 0, string? fill = null)
    {
        svg.Append("<text x=\"").Append(Coordinate(x)).Append("\" y=\"").Append(Coordinate(y)).Append('"');
        Class(cssClass);
        if (anchor != "start")
        {
            svg.Append(" text-anchor=\"").Append(Html(anchor)).Append('"');
        }

        if (rotate != 0)
        {
            svg.Append(" transform=\"rotate(").Append(Coordinate(rotate)).Append(' ')
                .Append(Coordinate(x)).Append(' ').Append(Coordinate(y)).Append(")\"");
        }

        if (fill is not null)
        {
            svg.Append(" fill=\"").Append(Html(fill)).Append('"');
        }

        svg.Append('>').Append(Html(text)).Append("</text>\n");
    }

    /// <summary>Opens a group, so a test or a stylesheet can find one series' shapes.</summary>
    /// <param name="tooltip">Hover text for everything in the group (a <c>&lt;title&gt;</c> child).</param>
    public void BeginGroup(string cssClass, string? name = null, string? tooltip = null)
    {
        svg.Append("<g");
        Class(cssClass);
        if (name is not null)
        {
            svg.Append(" data-name=\"").Append(Html(name)).Append('"');
        }

        svg.Append(">\n");
        if (tooltip is not null)
        {
            svg.Append("<title>").Append(Html(tooltip)).Append("</title>\n");
        }
    }

    public void EndGroup() => svg.Append("</g>\n");

    public string Finish() => svg.Append("</svg>\n").ToString();

    private void Class(string? cssClass)
    {
        if (cssClass is not null)
        {
            svg.Append(" class=\"").Append(Html(cssClass)).Append('"');
        }
    }

    private void Stroke(string? stroke, bool dashed)
    {
        if (stroke is not null)
        {
            svg.Append(" stroke=\"").Append(Html(stroke)).Append('"');
        }

        if (dashed)
        {
            svg.Append(" stroke-dasharray=\"6 4\"");
        }
    }
}
