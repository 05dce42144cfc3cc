using Flotilla.Compute.Networking.Security;

namespace Flotilla.Compute.Tests.Networking.Security;

public sealed class IntervalsTests
{
    [Fact]
    public void Overlapping_and_adjacent_ranges_merge_in_order()
    {
        var merged = Intervals.Of(100, [(50, 60), (10, 20), (21, 30), (15, 25), (61, 61), (90, 100)]);

        Assert.Equal([(10u, 30u), (50u, 61u), (90u, 100u)], merged.Ranges);
    }

    [Fact]
    public void The_complement_fills_the_gaps_up_to_the_edges()
    {
        Assert.Equal([(0u, 9u), (31u, 49u), (62u, 89u)], Intervals.Of(100, [(10, 30), (50, 61), (90, 100)]).Complement().Ranges);
        Assert.True(Intervals.All(uint.MaxValue).Complement().IsEmpty);
        Assert.True(Intervals.Of(uint.MaxValue, []).Complement().IsAll);
        Assert.True(Intervals.Of(uint.MaxValue, [(0, 5)]).Union(Intervals.Of(uint.MaxValue, [(6, uint.MaxValue)])).IsAll);
    }
}
