namespace Flotilla.LoadTest.Report;

/// <summary>One bar of a <see cref="SvgBarChart"/>: the label of its right edge, its height and hover text.</summary>
internal sealed record ChartBar(string Label, double Value, string Tooltip);
