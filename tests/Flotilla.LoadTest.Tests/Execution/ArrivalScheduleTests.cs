using Flotilla.LoadTest.Execution;

namespace Flotilla.LoadTest.Tests.Execution;

public sealed class ArrivalScheduleTests
{
    private const long Frequency = 1_000_000; // timestamps in microseconds

    [Fact]
    public void Arrivals_are_due_at_start_plus_index_over_rate()
    {
        var schedule = new ArrivalSchedule(start: 5_000, perSecond: 2000, TimeSpan.FromSeconds(5), Frequency);
        Assert.Equal(10_000, schedule.Total);
        Assert.Equal(5_000, schedule.DueAt(0));
        Assert.Equal(5_500, schedule.DueAt(1));
        Assert.Equal(5_000 + 4_999_500, schedule.DueAt(9_999));
    }

    [Fact]
    public void A_late_wake_up_releases_every_arrival_that_came_due_and_the_rate_does_not_drift()
    {
        var schedule = new ArrivalSchedule(start: 0, perSecond: 3, TimeSpan.FromSeconds(10), Frequency);
        Assert.Equal(0, schedule.DueBy(-1));
        Assert.Equal(1, schedule.DueBy(0));
        Assert.Equal(1, schedule.DueBy(333_332));
        Assert.Equal(2, schedule.DueBy(333_333));
        // A wake-up 2.5 s late releases what came due meanwhile: 8 arrivals by 2.5 s (0, 1/3, ... 7/3 s).
        Assert.Equal(8, schedule.DueBy(2_500_000));
        Assert.Equal(30, schedule.DueBy(60_000_000));
    }

    [Theory]
    [InlineData(0.5, 10, 5)]
    [InlineData(7, 1, 7)]
    [InlineData(1000, 0.0015, 2)]
    public void The_scenario_holds_rate_times_duration_arrivals(double rate, double seconds, long expected)
    {
        Assert.Equal(expected, new ArrivalSchedule(0, rate, TimeSpan.FromSeconds(seconds), Frequency).Total);
    }
}
