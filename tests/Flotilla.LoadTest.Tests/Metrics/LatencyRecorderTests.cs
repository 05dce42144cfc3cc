using Flotilla.LoadTest.Metrics;

namespace Flotilla.LoadTest.Tests.Metrics;

public sealed class LatencyRecorderTests
{
    [Fact]
    public void Known_latencies_read_back_within_one_percent()
    {
        var recorder = new LatencyRecorder();
        // 1..1000 ms, once each: p50 = 500, p90 = 900, p95 = 950, p99 = 990, avg = 500.5.
        foreach (var ms in Enumerable.Range(1, 1000)) recorder.Record(ms);
        recorder.TakeInterval();
        var t = recorder.Summarize();
        Assert.Equal(1000, t.Count);
        AssertWithin(500.5, t.Avg);
        AssertWithin(1, t.Min);
        AssertWithin(500, t.Med);
        AssertWithin(900, t.P90);
        AssertWithin(950, t.P95);
        AssertWithin(990, t.P99);
        AssertWithin(1000, t.Max);
    }

    [Fact]
    public void A_stall_shows_in_the_tail_percentiles()
    {
        var recorder = new LatencyRecorder();
        for (var i = 0; i < 980; i++) recorder.Record(2.0);
        for (var i = 0; i < 20; i++) recorder.Record(1500.0); // 2 % stalled
        recorder.TakeInterval();
        var t = recorder.Summarize();
        AssertWithin(2.0, t.P95);
        AssertWithin(1500.0, t.P99);
        AssertWithin((980 * 2.0 + 20 * 1500.0) / 1000, t.Avg);
    }

    [Fact]
    public void Intervals_add_up_to_the_total_and_buckets_hold_every_request()
    {
        var recorder = new LatencyRecorder();
        recorder.Record(0.5);
        recorder.Record(3);
        var first = recorder.TakeInterval();
        recorder.Record(40);
        var second = recorder.TakeInterval();
        Assert.Equal(2, first.Count);
        Assert.Equal(1, second.Count);
        Assert.Equal(3, recorder.Summarize().Count);
        var buckets = recorder.Buckets();
        Assert.Equal(3, buckets.Sum(b => b.Count));
        Assert.Equal(1, buckets.Single(b => b.UpToMs == 0.5).Count);
        Assert.Equal(1, buckets.Single(b => b.UpToMs == 5).Count);
        Assert.Equal(1, buckets.Single(b => b.UpToMs == 50).Count);
    }

    private static void AssertWithin(double expected, double actual) =>
        Assert.True(Math.Abs(actual - expected) <= expected * 0.01, $"expected {expected} within 1 %, got {actual}");
}
