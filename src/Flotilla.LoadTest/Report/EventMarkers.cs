using System.Globalization;
using Flotilla.LoadTest.Results;

namespace Flotilla.LoadTest.Report;

/// <summary>
/// The stack's events as timeline markers: numbered 1, 2, 3… as in the report's event table (a type name on the chart
/// would overlap its neighbours in a burst), coloured by what they mean, with the whole event as hover text.
/// </summary>
internal static class EventMarkers
{
    public static IReadOnlyList<ChartMarker> For(IReadOnlyList<RunEvent> events) =>
        [.. events.Select((e, i) => new ChartMarker(Label(i), e.OffsetSeconds, ColorOf(e)) { Tooltip = Tooltip(i, e) })];

    public static string Label(int index) => (index + 1).ToString(CultureInfo.InvariantCulture);

    /// <summary>Red for what takes capacity away, teal for what gives it back, purple for a VM, grey for the balancer process.</summary>
    public static string ColorOf(RunEvent e) => e.Type switch
    {
        "probe.down" or "lb.exited" or "lb.reload-rejected" => ChartColors.Red,
        "probe.up" => ChartColors.Teal,
        _ when e.Type.StartsWith("vm.", StringComparison.Ordinal) => ChartColors.Purple,
        _ when e.Type.StartsWith("lb.", StringComparison.Ordinal) => ChartColors.Grey,
        _ => ChartColors.Orange,
    };

    private static string Tooltip(int index, RunEvent e) =>
        $"{Label(index)}. {ReportFormat.Duration(e.OffsetSeconds, precise: true)}: {e.Type} {e.Object}: {e.Message}";
}
