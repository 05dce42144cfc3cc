using System.Text.Json;

namespace Flotilla.Daemon.Hosting;

/// <summary>
/// <c>hosts/NAME</c> in the store: a daemon that is alive says so, under a lease, with what another host needs to
/// know about it. The key vanishes when the daemon stops or dies (its lease expires), so the key's presence is the
/// host's liveness. Stored in its own shape (versioned), not the API's.
/// </summary>
internal sealed record HostRecord(string Name, int Pid, string Listen, DateTimeOffset StartedAt, int Cpus, long MemoryMiB)
{
    public const string Prefix = "hosts/";
    public const int SchemaVersion = 1;

    public int Schema { get; init; } = SchemaVersion;

    public string Key => Prefix + Name;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public byte[] Serialize() => JsonSerializer.SerializeToUtf8Bytes(this, Json);

    public static HostRecord Deserialize(ReadOnlySpan<byte> value) =>
        JsonSerializer.Deserialize<HostRecord>(value, Json) ?? throw new JsonException("an empty host record");
}
