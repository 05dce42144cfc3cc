namespace Flotilla.LoadTest.Report;

/// <summary>
/// One cell of an <see cref="HtmlTable"/>. A string converts to an encoded text cell, so the
/// usual path cannot forget to escape; <see cref="Raw"/> is for markup the report itself built.
/// </summary>
internal readonly record struct TableCell(string Html, string? CssClass = null)
{
    public static implicit operator TableCell(string text) => new(ReportFormat.Html(text));

    public static TableCell Text(string text, string cssClass) => new(ReportFormat.Html(text), cssClass);

    public static TableCell Raw(string html, string? cssClass = null) => new(html, cssClass);
}
