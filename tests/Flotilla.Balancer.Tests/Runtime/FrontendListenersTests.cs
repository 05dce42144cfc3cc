using System.Net;
using System.Net.Sockets;
using Flotilla.Balancer.Configuration;
using Flotilla.Balancer.Contract.Status;
using Flotilla.Balancer.Runtime;
using Flotilla.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Flotilla.Balancer.Tests.Runtime;

/// <summary>A frontend whose address is in use: the rest of the config goes live, it is retried with back-off and binds once free.</summary>
public sealed class FrontendListenersTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_held_port_does_not_reject_the_config_and_binds_once_it_is_free()
    {
        await using var s0 = HelloServer.Start(0);
        var free = FreePort.Tcp();
        var squatter = FreePort.HoldTcp(out var held);
        var time = new FakeTimeProvider();
        await using var runtime = new LbRuntime(time, NullLoggerFactory.Instance);

        await runtime.ApplyAsync(LbConfigReader.Parse(TwoRules(held, free, s0.Port)), CancellationToken.None);

        Assert.Equal("Hello from VM 0\n", await Http.GetFreshAsync(free));
        var waiting = Assert.Single(runtime.Listeners, l => l.Rule == "held");
        Assert.Equal(new ListenerStatus { Frontend = $"tcp 127.0.0.1:{held}", Balancer = "web", Rule = "held", Live = false, Error = "address already in use", Retries = 0 }, waiting);
        Assert.Equal(new ListenerStatus { Frontend = $"tcp 127.0.0.1:{free}", Balancer = "web", Rule = "free", Live = true, Retries = 0 }, Assert.Single(runtime.Listeners, l => l.Rule == "free"));
        Assert.Equal("address already in use", runtime.BindError(runtime.FindRule("held")!));

        // Back-off: 250 ms, then 500 ms, then 1 s; each try fails while the port is held.
        time.Advance(TimeSpan.FromMilliseconds(250));
        await Wait.UntilAsync(() => Retries(runtime) == 1, Timeout, "first retry");
        time.Advance(TimeSpan.FromMilliseconds(499));
        Assert.Equal(1, Retries(runtime));
        time.Advance(TimeSpan.FromMilliseconds(1));
        await Wait.UntilAsync(() => Retries(runtime) == 2, Timeout, "second retry");
        Assert.False(Held(runtime).Live);

        squatter.Dispose();
        time.Advance(TimeSpan.FromSeconds(1));
        await Wait.UntilAsync(() => Held(runtime).Live, Timeout, "the freed port bound");

        Assert.Equal(new ListenerStatus { Frontend = $"tcp 127.0.0.1:{held}", Balancer = "web", Rule = "held", Live = true, Retries = 3 }, Held(runtime));
        Assert.Null(runtime.BindError(runtime.FindRule("held")!));
        Assert.Equal("Hello from VM 0\n", await Http.GetFreshAsync(held));
    }

    [Fact]
    public async Task The_back_off_stops_doubling_at_five_seconds()
    {
        await using var s0 = HelloServer.Start(0);
        using var squatter = FreePort.HoldTcp(out var held);
        var time = new FakeTimeProvider();
        await using var runtime = new LbRuntime(time, NullLoggerFactory.Instance);
        await runtime.ApplyAsync(LbConfigReader.Parse(TwoRules(held, FreePort.Tcp(), s0.Port)), CancellationToken.None);

        // 0.25 + 0.5 + 1 + 2 + 4 = 7.75 s for five tries; the sixth comes 5 s later, not 8.
        var delays = new[] { 250, 500, 1000, 2000, 4000, 5000, 5000 };
        for (var i = 0; i < delays.Length; i++)
        {
            time.Advance(TimeSpan.FromMilliseconds(delays[i] - 1));
            Assert.Equal(i, Retries(runtime));
            time.Advance(TimeSpan.FromMilliseconds(1));
            var expected = i + 1;
            await Wait.UntilAsync(() => Retries(runtime) == expected, Timeout, $"retry {expected}");
        }
    }

    [Fact]
    public async Task A_reload_tries_an_unbound_frontend_at_once_and_one_no_rule_names_stops_being_retried()
    {
        await using var s0 = HelloServer.Start(0);
        var free = FreePort.Tcp();
        var squatter = FreePort.HoldTcp(out var held);
        var time = new FakeTimeProvider();
        await using var runtime = new LbRuntime(time, NullLoggerFactory.Instance);
        var config = TwoRules(held, free, s0.Port);
        await runtime.ApplyAsync(LbConfigReader.Parse(config), CancellationToken.None);

        squatter.Dispose();
        await runtime.ApplyAsync(LbConfigReader.Parse(config), CancellationToken.None);
        Assert.True(Held(runtime).Live);
        Assert.Equal("Hello from VM 0\n", await Http.GetFreshAsync(held));

        var again = FreePort.HoldTcp(out var other);
        await runtime.ApplyAsync(LbConfigReader.Parse(TwoRules(other, free, s0.Port)), CancellationToken.None);
        Assert.False(Held(runtime).Live);
        await runtime.ApplyAsync(LbConfigReader.Parse(OnlyFree(free, s0.Port)), CancellationToken.None);
        Assert.Equal(new[] { $"tcp 127.0.0.1:{free}" }, runtime.Listeners.Select(l => l.Frontend));

        again.Dispose();
        time.Advance(TimeSpan.FromSeconds(10));
        var refused = await Assert.ThrowsAsync<SocketException>(() => Http.GetFreshAsync(other));
        Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
    }

    private static ListenerStatus Held(LbRuntime runtime) => Assert.Single(runtime.Listeners, l => l.Rule == "held");

    private static int Retries(LbRuntime runtime) => Held(runtime).Retries;

    private static string OnlyFree(int freePort, int memberPort) =>
        string.Join('\n', TwoRules(0, freePort, memberPort).Split('\n').Where(l => !l.Contains("name: held", StringComparison.Ordinal)));

    private static string TwoRules(int heldPort, int freePort, int memberPort) => $$"""
        balancers:
          - name: web
            frontendAddress: 127.0.0.1
            backendPools:
              - name: vms
                members: [ { address: 127.0.0.1, port: {{memberPort}} } ]
            rules:
              - { name: held, protocol: tcp, frontendPort: {{heldPort}}, backendPool: vms }
              - { name: free, protocol: tcp, frontendPort: {{freePort}}, backendPool: vms }
        """;
}
