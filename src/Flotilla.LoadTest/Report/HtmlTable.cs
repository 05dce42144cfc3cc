using System.Text;

namespace Flotilla.LoadTest.Report;

/// <summary>Builds one <c>&lt;table&gt;</c>; numeric columns are right-aligned so digits line up.</summary>
internal sealed class HtmlTable
{
    private readonly StringBuilder html = new();
    private readonly bool[] numeric;

    /// <param name="columns">Header text, and whether the column holds numbers.</param>
    public HtmlTable(string cssClass, params (string Header, bool Numeric)[] columns)
    {
        numeric = [.. columns.Select(c => c.Numeric)];
        html.Append("<table class=\"").Append(ReportFormat.Html(cssClass)).Append("\">\n<thead><tr>");
        foreach (var (header, isNumeric) in columns)
        {
            html.Append(isNumeric ? "<th class=\"num\">" : "<th>").Append(ReportFormat.Html(header)).Append("</th>");
        }

        html.Append("</tr></thead>\n<tbody>\n");
    }

    public HtmlTable Row(params TableCell[] cells)
    {
        html.Append("<tr>");
        for (var i = 0; i < cells.Length; i++)
        {
            var classes = string.Join(' ', new[] { i < numeric.Length && numeric[i] ? "num" : null, cells[i].CssClass }.Where(c => !string.IsNullOrEmpty(c)));
            html.Append(classes.Length == 0 ? "<td>" : $"<td class=\"{ReportFormat.Html(classes)}\">").Append(cells[i].Html).Append("</td>");
        }

        html.Append("</tr>\n");
        return this;
    }

    public string Finish() => html.Append("</tbody>\n</table>\n").ToString();
}
