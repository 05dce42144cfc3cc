using System.Net;
using Flotilla.Balancer.Configuration;
using Flotilla.Balancer.L4.Flows;
using Flotilla.Balancer.L4.Hashing;
using Flotilla.Balancer.L4.Pools;

namespace Flotilla.Balancer.Tests.L4.Flows;

public sealed class FlowTableTests
{
    private static readonly Member Member = new(new IPEndPoint(IPAddress.Loopback, 80), 1);

    private static FlowKey Key(int port) => new(IPAddress.Loopback, port, IPAddress.Loopback, 8080, RuleProtocol.Tcp);

    [Fact]
    public void Idle_flows_are_closed_with_reset_when_asked_and_busy_ones_stay()
    {
        var table = new FlowTable(0);
        var idle = new RecordingFlow(Key(1), Member, table);
        var busy = new RecordingFlow(Key(2), Member, table);
        table.TryAdd(idle);
        table.TryAdd(busy);

        table.Sweep(30_000, TimeSpan.FromMinutes(1), resetOnIdle: true);
        busy.Touch();
        table.Sweep(60_000, TimeSpan.FromMinutes(1), resetOnIdle: true);

        Assert.Equal(true, idle.ClosedWithReset);
        Assert.Null(busy.ClosedWithReset);
        Assert.Same(busy, table.Find(Key(2)));
        Assert.Null(table.Find(Key(1)));
    }

    [Fact]
    public void Flows_of_a_draining_member_end_at_its_deadline_even_when_busy()
    {
        var draining = new Member(new IPEndPoint(IPAddress.Loopback, 81), 1);
        var table = new FlowTable(0);
        var flow = new RecordingFlow(Key(1), draining, table);
        table.TryAdd(flow);
        draining.StartDrain(5_000);

        table.Sweep(4_000, TimeSpan.FromMinutes(4), resetOnIdle: false);
        flow.Touch();
        Assert.Null(flow.ClosedWithReset);
        table.Sweep(5_000, TimeSpan.FromMinutes(4), resetOnIdle: false);
        Assert.Equal(true, flow.ClosedWithReset);
    }

    private sealed class RecordingFlow(FlowKey key, Member member, FlowTable table) : Flow(key, member, table)
    {
        public bool? ClosedWithReset { get; private set; }

        public override void Close(bool reset) => ClosedWithReset = reset;
    }
}
