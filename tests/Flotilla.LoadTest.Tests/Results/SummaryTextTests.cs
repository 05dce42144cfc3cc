using Flotilla.LoadTest.Results;
using Flotilla.LoadTest.Tests.Support;

namespace Flotilla.LoadTest.Tests.Results;

public sealed class SummaryTextTests
{
    [Fact]
    public void A_stack_run_lists_its_events_with_their_offsets_and_its_backends()
    {
        var typical = SampleResults.Typical(10);
        var result = typical with
        {
            Run = typical.Run with { Stack = "website" },
            Backends =
            [
                new BackendSeries("Hello from VM 0", 300, 0, new TrendSummary(300, 2, 1, 2, 9, 3, 4, 5), []),
                new BackendSeries("Hello from VM 1", 100, 7, new TrendSummary(100, 2, 1, 2, 900, 3, 450, 600), []),
            ],
            Events =
            [
                new RunEvent(-0.2, SampleResults.Started, "lb.reloaded", "flotilla-lb", "pid 7: web"),
                new RunEvent(4.25, SampleResults.Started.AddSeconds(4.25), "probe.down", "balancer/web", "10.0.1.5 (rule http) down:\nrefused"),
            ],
        };

        var text = SummaryText.Render(result);

        Assert.Contains("  stack:  website", text);
        Assert.Contains("    EVENTS DURING THE RUN\n", text);
        Assert.Contains("    -0.2s   lb.reloaded      flotilla-lb          pid 7: web\n", text);
        Assert.Contains("    +4.3s   probe.down       balancer/web         10.0.1.5 (rule http) down: refused\n", text);
        Assert.Contains("RESPONSES BY BACKEND", text);
        Assert.Matches(@"""Hello from VM 1""\.+: 100\s+25\.00%\s+p\(95\)=450ms max=900ms failed=7", text);
        Assert.DoesNotContain("RESPONSES BY BODY", text);
    }

    [Fact]
    public void A_stack_run_without_events_says_so_and_a_plain_run_says_nothing()
    {
        var typical = SampleResults.Typical(10);

        Assert.Contains("EVENTS DURING THE RUN: none", SummaryText.Render(typical with { Run = typical.Run with { Stack = "website" } }));
        Assert.DoesNotContain("EVENTS", SummaryText.Render(typical));
    }
}
