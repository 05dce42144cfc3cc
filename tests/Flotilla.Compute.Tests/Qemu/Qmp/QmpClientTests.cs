using System.Text.Json;
using Flotilla.Compute.Qemu.Qmp;
using Flotilla.Compute.Qemu.Qmp.Commands;

namespace Flotilla.Compute.Tests.Qemu.Qmp;

public sealed class QmpClientTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private static long Id(JsonElement command) => command.GetProperty("id").GetInt64();

    [Fact]
    public async Task Greets_negotiates_and_returns_command_results()
    {
        await using var peer = new QmpPeer((command, p) => p.SendAsync($$"""{"return": {"status": "running", "running": true}, "id": {{Id(command)}}}"""));
        await using var qmp = await QmpClient.ConnectAsync(peer.SocketPath, Patience, CancellationToken.None);

        Assert.Equal("7.2.19", qmp.Greeting.Version);
        var status = await qmp.ExecuteAsync(new QueryStatus());
        Assert.Equal("running", status.Status);
    }

    [Fact]
    public async Task Answers_are_matched_by_id_even_out_of_order_and_events_arrive_between_them()
    {
        var held = new List<JsonElement>();
        await using var peer = new QmpPeer(async (command, p) =>
        {
            held.Add(command);
            if (held.Count < 2) return;
            await p.SendAsync("""{"event": "STOP", "data": {}, "timestamp": {"seconds": 1700000000, "microseconds": 5}}""");
            foreach (var c in held.AsEnumerable().Reverse())
            {
                await p.SendAsync($$"""{"return": "{{c.GetProperty("arguments").GetProperty("command-line").GetString()}}", "id": {{Id(c)}}}""");
            }
        });
        await using var qmp = await QmpClient.ConnectAsync(peer.SocketPath, Patience, CancellationToken.None);

        var first = qmp.ExecuteAsync(new HumanMonitorCommand("stop"));
        var second = qmp.ExecuteAsync(new HumanMonitorCommand("query-status"));
        Assert.Equal("stop", await first);
        Assert.Equal("query-status", await second);
        var stop = await qmp.Events.ReadAsync();
        Assert.Equal("STOP", stop.Name);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1700000000).AddTicks(50), stop.Timestamp);
    }

    [Fact]
    public async Task An_error_answer_is_a_typed_exception()
    {
        await using var peer = new QmpPeer((command, p) => p.SendAsync($$"""{"error": {"class": "DeviceNotFound", "desc": "Device 'nope' not found"}, "id": {{Id(command)}}}"""));
        await using var qmp = await QmpClient.ConnectAsync(peer.SocketPath, Patience, CancellationToken.None);
        var e = await Assert.ThrowsAsync<QmpCommandException>(() => qmp.ExecuteAsync(new Balloon(1 << 30)));
        Assert.Equal("DeviceNotFound", e.Class);
        Assert.Contains("not found", e.Message);
    }

    [Fact]
    public async Task A_silent_qemu_times_out()
    {
        await using var peer = new QmpPeer((_, _) => Task.CompletedTask);
        await using var qmp = await QmpClient.ConnectAsync(peer.SocketPath, Patience, CancellationToken.None);
        await Assert.ThrowsAsync<QmpTimeoutException>(() => qmp.ExecuteAsync(new QueryStatus(), timeout: TimeSpan.FromMilliseconds(200)));
    }

    [Fact]
    public async Task A_closed_socket_fails_pending_commands_and_signals_disconnection()
    {
        await using var peer = new QmpPeer((_, p) =>
        {
            p.Hangup();
            return Task.CompletedTask;
        });
        await using var qmp = await QmpClient.ConnectAsync(peer.SocketPath, Patience, CancellationToken.None);
        await Assert.ThrowsAsync<QmpDisconnectedException>(() => qmp.ExecuteAsync(new Quit()));
        await qmp.Disconnected.WaitAsync(Patience);
        Assert.False(await qmp.Events.WaitToReadAsync());
    }

    [Fact]
    public async Task Nothing_listening_is_a_clear_error()
    {
        var e = await Assert.ThrowsAsync<QmpException>(() => QmpClient.ConnectAsync("/nonexistent/qmp.sock", Patience, CancellationToken.None));
        Assert.Contains("/nonexistent/qmp.sock", e.Message);
    }
}
