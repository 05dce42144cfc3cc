namespace Flotilla.LoadTest.Report;

/// <summary>One data point of a line chart; a non-finite <see cref="Y"/> is a gap in the line.</summary>
internal readonly record struct ChartPoint(double X, double Y);
