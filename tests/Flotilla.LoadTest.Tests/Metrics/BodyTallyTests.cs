using System.Text;
using Flotilla.LoadTest.Metrics;

namespace Flotilla.LoadTest.Tests.Metrics;

public sealed class BodyTallyTests
{
    [Fact]
    public void Counts_each_distinct_body_trimmed_most_frequent_first()
    {
        var tally = new BodyTally();
        foreach (var (body, times) in new[] { ("Hello from VM 0\n", 3), ("Hello from VM 1\n", 5), ("Hello from VM 2", 1) })
        {
            for (var i = 0; i < times; i++) Record(tally, body);
        }
        var counts = tally.Snapshot();
        Assert.Equal(["Hello from VM 1", "Hello from VM 0", "Hello from VM 2"], counts.Select(c => c.Body));
        Assert.Equal([5L, 3L, 1L], counts.Select(c => c.Count));
    }

    [Fact]
    public void Is_bounded_large_bodies_are_skipped_and_past_the_limit_the_rest_is_other()
    {
        var tally = new BodyTally();
        Record(tally, new string('x', BodyTally.MaxBodyBytes + 1));
        for (var i = 0; i < BodyTally.MaxDistinct + 4; i++) Record(tally, $"body {i}");
        var counts = tally.Snapshot();
        Assert.Equal(BodyTally.MaxDistinct + 1, counts.Count);
        Assert.Equal(4, counts.Single(c => c.Body == BodyTally.Other).Count);
    }

    private static void Record(BodyTally tally, string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        tally.Record(bytes, bytes.Length);
    }
}
