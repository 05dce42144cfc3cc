using Flotilla.Daemon.Reconciling;
using Microsoft.Extensions.Time.Testing;

namespace Flotilla.Daemon.Tests.Reconciling;

public sealed class RestartBackoffTests
{
    [Fact]
    public void Waits_double_from_one_second_up_to_a_minute()
    {
        var time = new FakeTimeProvider();
        var backoff = new RestartBackoff(time);
        var waits = Enumerable.Range(0, 9).Select(_ => backoff.Failed(time.GetUtcNow()).TotalSeconds).ToList();
        Assert.Equal([1, 2, 4, 8, 16, 32, 60, 60, 60], waits);
        Assert.Equal(9, backoff.Failures);
    }

    [Fact]
    public void The_wait_runs_out_with_time()
    {
        var time = new FakeTimeProvider();
        var backoff = new RestartBackoff(time);
        Assert.Equal(TimeSpan.Zero, backoff.Remaining);
        backoff.Failed(null);
        backoff.Failed(null);
        Assert.Equal(TimeSpan.FromSeconds(2), backoff.Remaining);
        time.Advance(TimeSpan.FromMilliseconds(1500));
        Assert.Equal(TimeSpan.FromMilliseconds(500), backoff.Remaining);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(TimeSpan.Zero, backoff.Remaining);
    }

    [Fact]
    public void A_vm_that_ran_for_a_minute_starts_again_from_one_second()
    {
        var time = new FakeTimeProvider();
        var backoff = new RestartBackoff(time);
        for (var i = 0; i < 5; i++) backoff.Failed(time.GetUtcNow());
        var started = time.GetUtcNow();
        time.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal(TimeSpan.FromSeconds(1), backoff.Failed(started));
        Assert.Equal(1, backoff.Failures);
    }
}
