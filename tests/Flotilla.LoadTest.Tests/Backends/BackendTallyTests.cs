using System.Text;
using Flotilla.LoadTest.Backends;
using Flotilla.LoadTest.Http;

namespace Flotilla.LoadTest.Tests.Backends;

public sealed class BackendTallyTests
{
    [Fact]
    public void Each_backend_gets_a_point_per_sample_with_its_own_requests_rate_and_latency()
    {
        var tally = new BackendTally(BackendSource.Body);
        for (var i = 0; i < 10; i++) tally.Record(Response("Hello from VM 0\n"), 2);
        for (var i = 0; i < 5; i++) tally.Record(Response("Hello from VM 1\n"), 40);
        tally.Sample(1, 1, keep: true);
        for (var i = 0; i < 4; i++) tally.Record(Response("Hello from VM 0\n"), 3);
        tally.Record(Response("Hello from VM 1\n", status: 503), 900);
        tally.Sample(2.5, 1.5, keep: true);

        var series = tally.Snapshot();

        Assert.Equal(["Hello from VM 0", "Hello from VM 1"], series.Select(s => s.Backend));
        var (vm0, vm1) = (series[0], series[1]);
        Assert.Equal(14, vm0.Requests);
        Assert.Equal([10L, 4L], vm0.Timeline.Select(p => p.Requests));
        Assert.Equal([1.0, 2.5], vm0.Timeline.Select(p => p.Seconds));
        Assert.Equal(4 / 1.5, vm0.Timeline[1].Rps, 6);
        Assert.Equal(1, vm1.Failures);
        Assert.Equal([0L, 1L], vm1.Timeline.Select(p => p.Failures));
        // The spike is on VM 1's line, not VM 0's.
        Assert.InRange(vm1.Timeline[1].P95, 899, 901);
        Assert.InRange(vm0.Timeline[1].P95, 2.9, 3.1);
        Assert.InRange(vm1.HttpReqDuration.Max, 899, 901);
    }

    [Fact]
    public void A_backend_seen_late_starts_its_series_there_and_a_dropped_final_sample_adds_no_point()
    {
        var tally = new BackendTally(BackendSource.Body);
        tally.Record(Response("a"), 1);
        tally.Sample(1, 1, keep: true);
        tally.Record(Response("b"), 1);
        tally.Sample(2, 1, keep: true);
        tally.Record(Response("b"), 1);
        tally.Sample(2.1, 0.1, keep: false);

        var series = tally.Snapshot().ToDictionary(s => s.Backend);

        Assert.Equal([1.0, 2.0], series["a"].Timeline.Select(p => p.Seconds));
        Assert.Equal([2.0], series["b"].Timeline.Select(p => p.Seconds));
        Assert.Equal(2, series["b"].Requests);
    }

    [Fact]
    public void Is_bounded_past_the_limit_the_rest_is_other()
    {
        var tally = new BackendTally(BackendSource.Body);
        for (var i = 0; i < BackendTally.MaxBackends + 3; i++) tally.Record(Response($"backend {i}"), 1);
        tally.Sample(1, 1, keep: true);

        var series = tally.Snapshot();

        Assert.Equal(BackendTally.MaxBackends + 1, series.Count);
        Assert.Equal(3, series.Single(s => s.Backend == BackendTally.Other).Requests);
    }

    private static HttpResponse Response(string body, int status = 200)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        return new HttpResponse { Status = status, Body = bytes, BodyLength = bytes.Length };
    }
}
