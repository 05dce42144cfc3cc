using System.Text;

namespace Flotilla.LoadTest.Results;

/// <summary>
/// Seed 000's comparison table, one column per run: RPS, average and maximum response time,
/// success rate (the checks' when the run had checks, else the share of requests that did not fail).
/// </summary>
public static class ComparisonTable
{
    public static string Render(IReadOnlyList<LoadTestResult> results)
    {
        var columns = results.Select(Label).ToList();
        string[][] rows =
        [
            ["RPS", .. results.Select(r => Units.Count(r.Metrics.HttpReqs.Rate))],
            ["Avg response time", .. results.Select(r => Units.Duration(r.Metrics.HttpReqDuration.Avg))],
            ["p95 response time", .. results.Select(r => Units.Duration(r.Metrics.HttpReqDuration.P95))],
            ["Max response time", .. results.Select(r => Units.Duration(r.Metrics.HttpReqDuration.Max))],
            ["Success rate", .. results.Select(r => SuccessRate(r))],
            ["Dropped iterations", .. results.Select(r => Units.Count(r.Metrics.DroppedIterations.Count))],
        ];
        var widths = new int[columns.Count + 1];
        widths[0] = Math.Max("Metric".Length, rows.Max(r => r[0].Length));
        for (var c = 0; c < columns.Count; c++) widths[c + 1] = Math.Max(columns[c].Length, rows.Max(r => r[c + 1].Length));
        var s = new StringBuilder();
        Row(s, widths, ["Metric", .. columns]);
        s.Append('|').AppendJoin('|', widths.Select(w => new string('-', w + 2))).AppendLine("|");
        foreach (var row in rows) Row(s, widths, row);
        return s.ToString();
    }

    /// <summary>"10 VUs / 10s", or "2000/s / 5s" for an open-model run, as the seed heads its columns.</summary>
    public static string Label(LoadTestResult r)
    {
        var duration = Units.Duration(r.Run.DurationSeconds * 1000);
        return r.Run.Model == "open"
            ? $"{Units.Count(r.Run.Rate ?? 0)}/s / {duration}"
            : $"{Units.Count(r.Run.Vus)} VUs / {duration}";
    }

    public static string SuccessRate(LoadTestResult r)
    {
        var m = r.Metrics;
        if (m.Checks.Total > 0) return Units.Percent(m.Checks.Rate);
        return m.HttpReqs.Count == 0 ? "n/a" : Units.Percent(1 - m.HttpReqFailed.Rate);
    }

    private static void Row(StringBuilder s, int[] widths, string[] cells)
    {
        s.Append('|');
        for (var i = 0; i < cells.Length; i++) s.Append(' ').Append(cells[i].PadRight(widths[i])).Append(" |");
        s.AppendLine();
    }
}
