using System.Diagnostics;
using Flotilla.Balancer.Tests.Support;
using Flotilla.Testing;

namespace Flotilla.Balancer.Tests.Runtime;

[Collection(TimingCollection.Name)]
public sealed class HealthProbeTests
{
    [Fact]
    public async Task A_tcp_probe_takes_a_stopped_server_out_within_interval_times_threshold_and_back_when_it_returns()
    {
        var s0 = HelloServer.Start(0);
        await using var s1 = HelloServer.Start(1);
        var port = FreePort.Tcp();
        await using var lb = await TestBalancer.StartAsync(TestBalancer.Config(port, [s0.Port, s1.Port],
            probe: "{ name: p, protocol: tcp, intervalSeconds: 1, unhealthyThreshold: 2, healthyThreshold: 1 }"));
        Assert.True(lb.InRotation("r", s0.Port));

        var s0Port = s0.Port;
        await s0.DisposeAsync();
        var down = await Wait.UntilAsync(() => !lb.InRotation("r", s0Port), TimeSpan.FromSeconds(1 * 2 + 1), "stopped server out of rotation");

        var bodies = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            bodies.Add(await Http.GetFreshAsync(port));
        }

        Assert.All(bodies, b => Assert.Equal("Hello from VM 1\n", b));

        await using var back = HelloServer.Start(0, s0Port);
        await Wait.UntilAsync(() => lb.InRotation("r", s0Port), TimeSpan.FromSeconds(1 * 1 + 1), "restarted server back in rotation");
        Assert.True(down < TimeSpan.FromSeconds(3));
    }

    [Fact]
    public async Task An_http_probe_takes_out_a_server_that_accepts_tcp_but_answers_503()
    {
        await using var ok = HelloServer.Start(0);
        await using var sick = HelloServer.Start(1);
        sick.Status = 503;
        var port = FreePort.Tcp();
        await using var lb = await TestBalancer.StartAsync(TestBalancer.Config(port, [ok.Port, sick.Port],
            probe: "{ name: p, protocol: http, path: /, expectedStatus: 200, intervalSeconds: 1, timeoutSeconds: 1, unhealthyThreshold: 2 }"));

        // The first probe decides at load: the sick server never enters rotation.
        Assert.False(lb.InRotation("r", sick.Port));
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal("Hello from VM 0\n", await Http.GetFreshAsync(port));
        }

        sick.Status = 200;
        await Wait.UntilAsync(() => lb.InRotation("r", sick.Port), TimeSpan.FromSeconds(3), "recovered server back in rotation");
        ok.Status = 500;
        var clock = Stopwatch.StartNew();
        await Wait.UntilAsync(() => !lb.InRotation("r", ok.Port), TimeSpan.FromSeconds(1 * 2 + 1), "server answering 500 out of rotation");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3));
    }

    [Fact]
    public async Task An_https_probe_checks_the_status_over_tls()
    {
        await using var ok = HelloServer.StartTls(0);
        await using var sick = HelloServer.StartTls(1);
        sick.Status = 503;
        var port = FreePort.Tcp();
        await using var lb = await TestBalancer.StartAsync(TestBalancer.Config(port, [ok.Port, sick.Port],
            // A cold process JITs the whole TLS stack on its first handshake: give the first probe room.
            probe: "{ name: p, protocol: https, path: /health, intervalSeconds: 1, timeoutSeconds: 5 }"));

        var okTarget = lb.Runtime.Health.Targets.Single(t => t.Endpoint.Port == ok.Port);
        Assert.True(lb.InRotation("r", ok.Port), $"ok member: {okTarget.Health}, {okTarget.LastFailure}");
        Assert.False(lb.InRotation("r", sick.Port));
        Assert.Equal("status 503, expected 200", lb.Runtime.Health.Targets.Single(t => t.Endpoint.Port == sick.Port).LastFailure);
    }

    [Fact]
    public async Task Health_survives_a_reload_for_members_that_stay()
    {
        await using var ok = HelloServer.Start(0);
        var dead = FreePort.Tcp();
        var port = FreePort.Tcp();
        const string probe = "{ name: p, protocol: tcp, intervalSeconds: 60, unhealthyThreshold: 5, healthyThreshold: 5 }";
        await using var lb = await TestBalancer.StartAsync(TestBalancer.Config(port, [ok.Port, dead], probe: probe));
        Assert.False(lb.InRotation("r", dead));
        var target = lb.Runtime.Health.Targets.Single(t => t.Endpoint.Port == ok.Port);

        await lb.ReloadAsync(TestBalancer.Config(port, [ok.Port, dead], ", idleTimeoutMinutes: 5", probe));

        // Same probe target object: no re-probe, no flap, state kept.
        Assert.Same(target, lb.Runtime.Health.Targets.Single(t => t.Endpoint.Port == ok.Port));
        Assert.True(lb.InRotation("r", ok.Port));
        Assert.False(lb.InRotation("r", dead));
    }
}
