using Flotilla.Daemon.Hosting;
using Flotilla.Store.Sqlite;
using Flotilla.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Flotilla.Daemon.Tests.Hosting;

/// <summary><c>hosts/NAME</c>: present while the daemon runs, gone at its stop, back by itself after its lease ended.</summary>
public sealed class HostHeartbeatTests : IAsyncLifetime
{
    private static readonly HostRecord Record = new("host-a", 4242, "unix:/run/flotilla/api.sock", new DateTimeOffset(2026, 12, 7, 12, 0, 0, TimeSpan.Zero), 2, 24_000);
    private readonly string _dir = Directory.CreateTempSubdirectory("flotilla-heartbeat-").FullName;
    private SqliteStore _store = null!;

    public async Task InitializeAsync() => _store = await SqliteStore.OpenAsync(Path.Combine(_dir, "state.db"), CancellationToken.None);

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task The_host_is_registered_while_it_runs_and_gone_at_once_after_a_clean_stop()
    {
        using var heartbeat = new HostHeartbeat(_store, Record, new FakeTimeProvider(), NullLogger<HostHeartbeat>.Instance);
        await heartbeat.StartAsync(CancellationToken.None);
        try
        {
            await Wait.UntilAsync(async () => await _store.GetAsync("hosts/host-a", CancellationToken.None) is not null, TimeSpan.FromSeconds(10), "hosts/host-a written");
            var stored = await _store.GetAsync("hosts/host-a", CancellationToken.None);
            Assert.Equal(Record, HostRecord.Deserialize(stored!.Value));
            Assert.NotEqual(0, heartbeat.Lease);
        }
        finally
        {
            await heartbeat.StopAsync(CancellationToken.None);
        }
        Assert.Null(await _store.GetAsync("hosts/host-a", CancellationToken.None));
    }

    [Fact]
    public async Task A_lease_that_ended_behind_its_back_is_granted_again_on_the_next_beat()
    {
        var time = new FakeTimeProvider();
        using var heartbeat = new HostHeartbeat(_store, Record, time, NullLogger<HostHeartbeat>.Instance);
        await heartbeat.StartAsync(CancellationToken.None);
        try
        {
            await Wait.UntilAsync(() => heartbeat.Lease != 0, TimeSpan.FromSeconds(10), "a first lease");
            var first = heartbeat.Lease;
            var written = (await _store.GetAsync("hosts/host-a", CancellationToken.None))!.CreateRevision;
            Assert.True(await _store.RevokeLeaseAsync(first, CancellationToken.None));
            Assert.Null(await _store.GetAsync("hosts/host-a", CancellationToken.None));

            await Wait.UntilAsync(async () =>
            {
                time.Advance(HostHeartbeat.Ttl / 3);
                return await _store.GetAsync("hosts/host-a", CancellationToken.None) is { } entry && entry.CreateRevision > written;
            }, TimeSpan.FromSeconds(10), "hosts/host-a written again under a new lease");
            Assert.NotEqual(first, heartbeat.Lease);
        }
        finally
        {
            await heartbeat.StopAsync(CancellationToken.None);
        }
    }
}
