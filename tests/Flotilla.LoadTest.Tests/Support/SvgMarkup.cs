using System.Globalization;
using System.Xml.Linq;

namespace Flotilla.LoadTest.Tests.Support;

/// <summary>
/// Reads a chart's SVG back as XML. A chart is well-formed XML on its own (HtmlEncode's entities
/// are XML's), so parsing it is itself a check that nothing unescaped slipped in.
/// </summary>
public static class SvgMarkup
{
    public static readonly XNamespace Ns = "http://www.w3.org/2000/svg";

    public static XElement Parse(string svg) => XElement.Parse(svg);

    public static IEnumerable<XElement> All(this XElement svg, string name) => svg.Descendants(Ns + name);

    /// <summary>The elements inside the <c>g.series</c> group named <paramref name="series"/>.</summary>
    public static IEnumerable<XElement> InSeries(this XElement svg, string series, string name) =>
        svg.All("g").Where(g => (string?)g.Attribute("data-name") == series).SelectMany(g => g.Elements(Ns + name));

    /// <summary>A polyline's points as numbers.</summary>
    public static IReadOnlyList<(double X, double Y)> Points(this XElement polyline) =>
    [
        .. ((string)polyline.Attribute("points")!).Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(pair =>
        {
            var xy = pair.Split(',');
            return (double.Parse(xy[0], CultureInfo.InvariantCulture), double.Parse(xy[1], CultureInfo.InvariantCulture));
        }),
    ];

    public static double Number(this XElement element, string attribute) =>
        double.Parse((string)element.Attribute(attribute)!, CultureInfo.InvariantCulture);

    public static IReadOnlyList<string> Texts(this XElement svg, string cssClass) =>
        [.. svg.All("text").Where(t => (string?)t.Attribute("class") == cssClass).Select(t => t.Value)];
}
