using System.Text;
using Flotilla.LoadTest.Results;
using static Flotilla.LoadTest.Report.ReportFormat;

namespace Flotilla.LoadTest.Report;

/// <summary>The stack's events during the run, numbered as their markers on the timeline charts.</summary>
internal static class EventsSection
{
    public static string Render(RunInfo run, IReadOnlyList<RunEvent> events)
    {
        var html = new StringBuilder("<section id=\"events\">\n<h2>Events during the run</h2>\n");
        if (events.Count == 0)
        {
            return html.Append("<p class=\"none\">").Append(Html($"Nothing happened to stack {run.Stack} while the run went.")).Append("</p>\n</section>\n").ToString();
        }

        var table = new HtmlTable("events", ("#", true), ("at", true), ("type", false), ("object", false), ("message", false));
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            table.Row(
                EventMarkers.Label(i),
                TableCell.Text(Duration(e.OffsetSeconds, precise: true), "offset"),
                TableCell.Raw($"<code>{Html(e.Type)}</code>"),
                TableCell.Raw($"<code>{Html(e.Object)}</code>"),
                e.Message);
        }

        return html.Append(table.Finish()).Append("</section>\n").ToString();
    }
}
