using Flotilla.LoadTest.Report;

namespace Flotilla.LoadTest.Tests.Report;

public sealed class ReportFormatTests
{
    [Theory]
    [InlineData(0, "0ms")]
    [InlineData(0.512, "512µs")]
    [InlineData(12.3, "12.3ms")]
    [InlineData(1500, "1.5s")]
    [InlineData(123_456, "2m3s")]
    [InlineData(double.NaN, "–")]
    public void Latencies_read_as_k6_prints_them(double ms, string expected) =>
        Assert.Equal(expected, ReportFormat.Milliseconds(ms));

    [Theory]
    [InlineData(1.1220, "1.12ms")]
    [InlineData(2511.9, "2.51s")]
    [InlineData(0.1587, "159µs")]
    public void Bucket_bounds_keep_three_significant_digits(double ms, string expected) =>
        Assert.Equal(expected, ReportFormat.MillisecondsShort(ms));

    [Theory]
    [InlineData(45, false, "45s")]
    [InlineData(90, false, "1m30s")]
    [InlineData(3600, false, "1h")]
    [InlineData(3 * 3600 + 300, false, "3h5m")]
    [InlineData(93_784, false, "1d2h")]
    [InlineData(60.42, false, "1m")]
    [InlineData(60.42, true, "1m0.4s")]
    public void Durations_use_two_units_at_most(double seconds, bool precise, string expected) =>
        Assert.Equal(expected, ReportFormat.Duration(seconds, precise));

    [Theory]
    [InlineData(3, 1_000_000, "<0.01%")]
    [InlineData(999_999, 1_000_000, ">99.99%")]
    [InlineData(1, 3, "33.33%")]
    [InlineData(0, 10, "0%")]
    [InlineData(0, 0, "–")]
    public void A_share_never_rounds_a_non_zero_part_away(long part, long total, string expected) =>
        Assert.Equal(expected, ReportFormat.Share(part, total));

    [Theory]
    [InlineData(999, "999 B")]
    [InlineData(1_234_567, "1.2 MB")]
    [InlineData(26_040_350, "26 MB")]
    public void Bytes_use_decimal_units(double bytes, string expected) =>
        Assert.Equal(expected, ReportFormat.Bytes(bytes));

    [Fact]
    public void Numbers_are_invariant_with_thousands_separators()
    {
        Assert.Equal("1,234,567.89", ReportFormat.Number(1_234_567.891));
        Assert.Equal("1,234", ReportFormat.Count(1234));
        Assert.Equal("0", ReportFormat.Number(-0.0001));
        Assert.Equal("1.5k", ReportFormat.Compact(1500));
    }

    [Fact]
    public void Coordinates_are_never_NaN_or_Infinity()
    {
        Assert.Equal("0", ReportFormat.Coordinate(double.NaN));
        Assert.Equal("0", ReportFormat.Coordinate(double.PositiveInfinity));
        Assert.Equal("12.35", ReportFormat.Coordinate(12.3456));
    }

    [Fact]
    public void Html_encodes_markup_and_replaces_control_characters()
    {
        Assert.Equal("&lt;b&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/b&gt;", ReportFormat.Html("<b>\"x\" & 'y'</b>"));
        Assert.Equal("a\uFFFD[31mb\tc\nd", ReportFormat.Html("a\x1b[31mb\tc\nd"));
        Assert.Equal("", ReportFormat.Html(null));
    }
}
