using Flotilla.LoadTest.Execution;

namespace Flotilla.LoadTest.Tests.Execution;

public sealed class VuRampTests
{
    [Fact]
    public void Stages_interpolate_linearly_like_k6()
    {
        var ramp = new VuRamp(0, [new RampStage(TimeSpan.FromSeconds(10), 100), new RampStage(TimeSpan.FromSeconds(10), 100), new RampStage(TimeSpan.FromSeconds(5), 0)]);
        Assert.Equal(0, ramp.TargetAt(TimeSpan.Zero));
        Assert.Equal(50, ramp.TargetAt(TimeSpan.FromSeconds(5)));
        Assert.Equal(100, ramp.TargetAt(TimeSpan.FromSeconds(10)));
        Assert.Equal(100, ramp.TargetAt(TimeSpan.FromSeconds(19.9)));
        Assert.Equal(60, ramp.TargetAt(TimeSpan.FromSeconds(22)));
        Assert.Equal(0, ramp.TargetAt(TimeSpan.FromSeconds(25)));
    }

    [Fact]
    public void Constant_vus_hold_their_count_for_the_duration()
    {
        var ramp = VuRamp.For(new ConstantVusScenario(64, TimeSpan.FromSeconds(5)));
        Assert.Equal(64, ramp.TargetAt(TimeSpan.Zero));
        Assert.Equal(64, ramp.TargetAt(TimeSpan.FromSeconds(4.99)));
        Assert.Equal(0, ramp.TargetAt(TimeSpan.FromSeconds(5)));
    }
}
