using System.Text.Json;
using System.Text.Json.Nodes;
using Flotilla.Compute.Qemu.Qmp;
using Flotilla.Compute.Qemu.Qmp.Commands;
using Flotilla.Compute.Qemu.Qmp.Events;
using Flotilla.Compute.Qemu.Qmp.Migration;

namespace Flotilla.Compute.Tests.Qemu.Qmp;

/// <summary>Each command record's line on the wire (as QEMU's QAPI reference spells it), its reply read back, and the events we read.</summary>
public sealed class QmpCommandTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    /// <summary>Runs <paramref name="command"/> against a peer that answers <paramref name="reply"/>; returns the line it got (without its id) and the reply.</summary>
    private static async Task<(string Sent, TReply Reply)> RoundTripAsync<TReply>(IQmpCommand<TReply> command, string reply = "{}")
    {
        JsonElement? sent = null;
        await using var peer = new QmpPeer((c, p) =>
        {
            sent = c;
            return p.SendAsync($$"""{"return": {{JsonNode.Parse(reply)!.ToJsonString()}}, "id": {{c.GetProperty("id").GetInt64()}}}"""); // one line, as QMP is
        });
        await using var qmp = await QmpClient.ConnectAsync(peer.SocketPath, Patience, CancellationToken.None);
        var answer = await qmp.ExecuteAsync(command);
        var line = JsonNode.Parse(sent!.Value.GetRawText())!.AsObject();
        line.Remove("id");
        return (line.ToJsonString(), answer);
    }

    [Fact]
    public async Task Commands_without_arguments_send_their_name_alone()
    {
        Assert.Equal("""{"execute":"cont"}""", (await RoundTripAsync(new Cont())).Sent);
        Assert.Equal("""{"execute":"stop"}""", (await RoundTripAsync(new Stop())).Sent);
        Assert.Equal("""{"execute":"system_powerdown"}""", (await RoundTripAsync(new SystemPowerdown())).Sent);
        Assert.Equal("""{"execute":"system_reset"}""", (await RoundTripAsync(new SystemReset())).Sent);
        Assert.Equal("""{"execute":"quit"}""", (await RoundTripAsync(new Quit())).Sent);
        Assert.Equal("""{"execute":"migrate_cancel"}""", (await RoundTripAsync(new MigrateCancel())).Sent);
    }

    [Fact]
    public async Task Arguments_are_the_records_members_in_kebab_case()
    {
        Assert.Equal("""{"execute":"balloon","arguments":{"value":268435456}}""", (await RoundTripAsync(new Balloon(256L << 20))).Sent);
        Assert.Equal("""{"execute":"blockdev-snapshot-internal-sync","arguments":{"device":"disk0","name":"s1"}}""",
            (await RoundTripAsync(new BlockdevSnapshotInternalSync("disk0", "s1"))).Sent);
        Assert.Equal("""{"execute":"human-monitor-command","arguments":{"command-line":"savevm s1"}}""",
            (await RoundTripAsync(new HumanMonitorCommand("savevm s1"), "\"\"")).Sent);
        Assert.Equal("""{"execute":"migrate","arguments":{"uri":"tcp:127.0.0.1:4446"}}""", (await RoundTripAsync(new Migrate("tcp:127.0.0.1:4446"))).Sent);
        Assert.Equal("""{"execute":"migrate-set-capabilities","arguments":{"capabilities":[{"capability":"events","state":true},{"capability":"pause-before-switchover","state":false}]}}""",
            (await RoundTripAsync(new MigrateSetCapabilities([new(MigrationCapability.Events, true), new(MigrationCapability.PauseBeforeSwitchover, false)]))).Sent);
        Assert.Equal("""{"execute":"migrate-set-parameters","arguments":{"max-bandwidth":33554432,"downtime-limit":300}}""",
            (await RoundTripAsync(new MigrateSetParameters { MaxBandwidth = 32 << 20, DowntimeLimit = 300 })).Sent);
    }

    [Fact]
    public async Task Replies_read_as_records()
    {
        var status = await RoundTripAsync(new QueryStatus(), """{"status": "paused", "singlestep": false, "running": false}""");
        Assert.Equal("""{"execute":"query-status"}""", status.Sent);
        Assert.Equal(new StatusInfo(false, "paused"), status.Reply);
        Assert.True(status.Reply.Paused);

        Assert.Equal(134217728, (await RoundTripAsync(new QueryBalloon(), """{"actual": 134217728}""")).Reply.Actual);

        var blocks = (await RoundTripAsync(new QueryBlock(), """
            [{"device": "disk0", "locked": false, "inserted": {"ro": false, "image": {"virtual-size": 1073741824, "snapshots":
              [{"id": "1", "name": "s1", "vm-state-size": 66337006, "date-sec": 1700000000, "date-nsec": 5000, "vm-clock-sec": 2, "vm-clock-nsec": 300}]}}},
             {"device": "seed", "locked": false}]
            """)).Reply;
        Assert.Equal(["disk0", "seed"], blocks.Select(b => b.Device));
        Assert.Null(blocks[1].Inserted);
        Assert.Equal(new ImageSnapshot("1", "s1", 66337006, 1700000000, 5000, 2, 300), Assert.Single(blocks[0].Inserted!.Image!.Snapshots!));

        Assert.Equal("Error: Device 'x' not found", (await RoundTripAsync(new HumanMonitorCommand("info x"), "\"Error: Device 'x' not found\"")).Reply);
    }

    [Fact]
    public async Task Query_migrate_reads_every_documented_member_and_the_empty_answer()
    {
        Assert.Null((await RoundTripAsync(new QueryMigrate())).Reply.Status);
        var info = (await RoundTripAsync(new QueryMigrate(), """
            {"status": "active", "total-time": 12345, "setup-time": 12, "expected-downtime": 300,
             "ram": {"transferred": 123, "remaining": 123, "total": 246, "duplicate": 10, "normal": 3, "normal-bytes": 123456,
                     "dirty-pages-rate": 7, "mbps": 812.5, "dirty-sync-count": 15, "page-size": 4096, "precopy-bytes": 99}}
            """)).Reply;
        Assert.Equal(MigrationStatus.Active, info.Status);
        Assert.Equal((12345L, 12L, 300L), (info.TotalTime!.Value, info.SetupTime!.Value, info.ExpectedDowntime!.Value));
        Assert.Equal(new MigrationStats
        {
            Transferred = 123, Remaining = 123, Total = 246, Duplicate = 10, Normal = 3, NormalBytes = 123456, DirtyPagesRate = 7,
            Mbps = 812.5, DirtySyncCount = 15, PageSize = 4096, PrecopyBytes = 99,
        }, info.Ram);
        var failed = (await RoundTripAsync(new QueryMigrate(), """{"status": "failed", "error-desc": "Connection refused"}""")).Reply;
        Assert.Equal((MigrationStatus.Failed, "Connection refused"), (failed.Status, failed.ErrorDesc));
    }

    [Fact]
    public async Task A_reply_of_another_shape_is_a_protocol_error_naming_the_command()
    {
        var e = await Assert.ThrowsAsync<QmpException>(() => RoundTripAsync(new QueryBalloon(), "\"not an object\""));
        Assert.Contains("query-balloon", e.Message);
    }

    [Fact]
    public async Task An_error_answer_carries_class_and_description()
    {
        await using var peer = new QmpPeer((c, p) => p.SendAsync($$"""{"error": {"class": "DeviceNotActive", "desc": "No balloon device has been activated"}, "id": {{c.GetProperty("id").GetInt64()}}}"""));
        await using var qmp = await QmpClient.ConnectAsync(peer.SocketPath, Patience, CancellationToken.None);
        var e = await Assert.ThrowsAsync<QmpCommandException>(() => qmp.ExecuteAsync(new QueryBalloon()));
        Assert.Equal(("DeviceNotActive", "No balloon device has been activated"), (e.Class, e.Description));
    }

    [Fact]
    public async Task Events_read_as_records_of_their_own_name_only()
    {
        await using var peer = new QmpPeer(async (c, p) =>
        {
            await p.SendAsync("""{"event": "STOP", "timestamp": {"seconds": 1700000000, "microseconds": 1}}""");
            await p.SendAsync("""{"event": "SHUTDOWN", "data": {"guest": true, "reason": "guest-shutdown"}, "timestamp": {"seconds": 1700000000, "microseconds": 2}}""");
            await p.SendAsync("""{"event": "MIGRATION", "data": {"status": "pre-switchover"}, "timestamp": {"seconds": 1700000000, "microseconds": 3}}""");
            await p.SendAsync($$"""{"return": {}, "id": {{c.GetProperty("id").GetInt64()}}}""");
        });
        await using var qmp = await QmpClient.ConnectAsync(peer.SocketPath, Patience, CancellationToken.None);
        await qmp.ExecuteAsync(new Cont());

        var stop = await qmp.Events.ReadAsync();
        Assert.False(stop.TryRead<ShutdownEvent>(out _));
        var shutdown = await qmp.Events.ReadAsync();
        Assert.True(shutdown.TryRead<ShutdownEvent>(out var s));
        Assert.Equal(new ShutdownEvent(true, "guest-shutdown"), s);
        Assert.False(shutdown.TryRead<MigrationEvent>(out _));
        var migration = await qmp.Events.ReadAsync();
        Assert.True(migration.TryRead<MigrationEvent>(out var m));
        Assert.Equal(MigrationStatus.PreSwitchover, m.Status);
    }
}
