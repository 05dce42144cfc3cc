namespace Flotilla.LoadTest.Report;

/// <summary>
/// The report's series colours: saturated and far apart in hue, so lines stay distinguishable
/// for most colour-blind readers and against the light grid.
/// </summary>
internal static class ChartColors
{
    public const string Blue = "#2563eb";
    public const string Orange = "#ea8a00";
    public const string Red = "#dc2626";
    public const string Grey = "#6b7280";
    public const string Teal = "#0d9488";
    public const string Purple = "#7c3aed";
    public const string Pink = "#db2777";
    public const string Lime = "#65a30d";
    public const string Cyan = "#0891b2";
    public const string Brown = "#92400e";

    /// <summary>One colour per backend, in order; past the last they repeat (a report rarely shows more than eight).</summary>
    public static IReadOnlyList<string> Palette { get; } = [Blue, Orange, Teal, Purple, Pink, Lime, Cyan, Brown];
}
