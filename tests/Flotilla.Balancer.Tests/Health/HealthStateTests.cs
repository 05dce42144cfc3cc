using Flotilla.Balancer.Health;

namespace Flotilla.Balancer.Tests.Health;

public sealed class HealthStateTests
{
    [Theory]
    [InlineData(true, HealthStatus.Healthy)]
    [InlineData(false, HealthStatus.Unhealthy)]
    public void The_first_result_decides_at_once(bool success, HealthStatus expected)
    {
        var state = new HealthState(unhealthyThreshold: 3, healthyThreshold: 3);
        Assert.True(state.Record(success));
        Assert.Equal(expected, state.Current);
    }

    [Fact]
    public void Going_down_takes_unhealthy_threshold_failures_in_a_row()
    {
        var state = new HealthState(unhealthyThreshold: 2, healthyThreshold: 1);
        state.Record(true);
        Assert.False(state.Record(false));
        Assert.False(state.Record(true));   // the streak is broken
        Assert.False(state.Record(false));
        Assert.True(state.Record(false));
        Assert.Equal(HealthStatus.Unhealthy, state.Current);
    }

    [Fact]
    public void Coming_back_takes_healthy_threshold_successes_in_a_row()
    {
        var state = new HealthState(unhealthyThreshold: 1, healthyThreshold: 3);
        state.Record(false);
        Assert.False(state.Record(true));
        Assert.False(state.Record(true));
        Assert.True(state.Record(true));
        Assert.Equal(HealthStatus.Healthy, state.Current);
    }
}
