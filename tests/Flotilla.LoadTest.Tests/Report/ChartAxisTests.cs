using Flotilla.LoadTest.Report;

namespace Flotilla.LoadTest.Tests.Report;

public sealed class ChartAxisTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(1.1, 2)]
    [InlineData(2.2, 2.5)]
    [InlineData(3, 5)]
    [InlineData(7, 10)]
    [InlineData(0.3, 0.5)]
    [InlineData(0.013, 0.02)]
    [InlineData(1234, 2000)]
    [InlineData(0, 1)]
    [InlineData(-5, 1)]
    [InlineData(double.NaN, 1)]
    [InlineData(double.PositiveInfinity, 1)]
    public void Nice_step_is_the_smallest_1_2_2point5_5_multiple_at_least_the_raw_step(double raw, double expected) =>
        Assert.Equal(expected, ChartAxis.NiceStep(raw), 12);

    [Fact]
    public void Linear_axis_widens_to_round_ticks() =>
        Assert.Equal([0, 20, 40, 60, 80, 100], ChartAxis.Linear(0, 97).Ticks);

    [Fact]
    public void Decimal_ticks_are_exact_decimals()
    {
        var axis = ChartAxis.Linear(0, 0.3);

        // 3 × 0.1 is 0.30000000000000004 in binary; the tick must be the 0.3 literal.
        Assert.Equal([0, 0.1, 0.2, 0.3], axis.Ticks);
    }

    [Fact]
    public void All_zero_data_gets_the_unit_span()
    {
        var axis = ChartAxis.Linear(0, 0);

        Assert.Equal(0, axis.Min);
        Assert.Equal(1, axis.Max);
        Assert.Equal(0.5, axis.Fraction(0.5), 12);
    }

    [Fact]
    public void A_single_non_zero_value_sits_inside_the_axis()
    {
        var axis = ChartAxis.Linear(250, 250);

        Assert.True(axis.Min < 250 && axis.Max > 250, $"[{axis.Min}, {axis.Max}]");
    }

    [Fact]
    public void Integer_axis_never_steps_below_one() =>
        Assert.Equal([0, 1, 2, 3], ChartAxis.Linear(0, 3, integers: true).Ticks);

    [Theory]
    [InlineData(double.NaN, double.NaN)]
    [InlineData(0, double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity, 5)]
    [InlineData(0, double.MaxValue)]
    [InlineData(-double.MaxValue, double.MaxValue)]
    public void Unusable_input_still_gives_finite_ticks(double min, double max)
    {
        var axis = ChartAxis.Linear(min, max);

        Assert.All(axis.Ticks, t => Assert.True(double.IsFinite(t)));
        Assert.True(axis.Max > axis.Min);
        Assert.True(double.IsFinite(axis.Fraction(max)) && double.IsFinite(axis.Fraction(min)));
    }

    public static TheoryData<double, double, int> Ranges() => new()
    {
        { 0, 1, 6 }, { 0, 9.99, 6 }, { 0, 10, 6 }, { 0, 10.01, 6 }, { 3, 7, 5 }, { -12, 40, 6 },
        { 0, 0.0042, 6 }, { 0, 87_654, 6 }, { 0, 3.3e9, 6 }, { 1e-6, 2e-6, 4 }, { 12.5, 13.1, 6 },
        { 0, 1e12, 6 }, { 0, 431.7, 3 }, { 0, 1, 2 },
    };

    [Theory]
    [MemberData(nameof(Ranges))]
    public void Ticks_cover_the_data_evenly_within_the_tick_budget(double min, double max, int maxTicks)
    {
        var axis = ChartAxis.Linear(min, max, maxTicks);

        Assert.True(axis.Min <= min && axis.Max >= max, $"[{axis.Min}, {axis.Max}] misses [{min}, {max}]");
        Assert.InRange(axis.Ticks.Count, 2, Math.Max(2, maxTicks));
        Assert.Equal(ChartAxis.NiceStep(axis.Step), axis.Step, 12);
        for (var i = 1; i < axis.Ticks.Count; i++)
        {
            Assert.Equal(axis.Step, axis.Ticks[i] - axis.Ticks[i - 1], axis.Step * 1e-9);
        }
    }

    [Theory]
    [InlineData(60, 10)]
    [InlineData(90, 15)]
    [InlineData(300, 60)]
    [InlineData(3600, 600)]
    [InlineData(7 * 86400, 86400)]
    public void Time_axis_steps_on_whole_seconds_minutes_hours_or_days(double seconds, double step)
    {
        var axis = ChartAxis.Time(0, seconds);

        Assert.Equal(step, axis.Step);
        Assert.Equal(0, axis.Min);
        Assert.True(axis.Max >= seconds);
        Assert.True(axis.Ticks.Count <= 8);
    }

    [Fact]
    public void Time_axis_of_a_sub_second_span_falls_back_to_decimal_steps()
    {
        var axis = ChartAxis.Time(0, 0.5);

        Assert.Equal(0.1, axis.Step, 12);
        Assert.Equal(0.5, axis.Max, 12);
    }

    [Fact]
    public void Fraction_maps_the_ends_to_0_and_1_and_never_returns_NaN()
    {
        var axis = ChartAxis.Linear(0, 100);

        Assert.Equal(0, axis.Fraction(0));
        Assert.Equal(1, axis.Fraction(100));
        Assert.Equal(0, axis.Fraction(double.NaN));
        Assert.True(double.IsFinite(axis.Fraction(double.PositiveInfinity)));
    }
}
