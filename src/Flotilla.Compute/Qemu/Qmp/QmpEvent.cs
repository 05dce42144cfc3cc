using System.Text.Json;

namespace Flotilla.Compute.Qemu.Qmp;

/// <summary>An asynchronous QMP event (STOP, RESUME, SHUTDOWN, BALLOON_CHANGE, MIGRATION…), with QEMU's own timestamp.</summary>
public sealed record QmpEvent(string Name, JsonElement Data, DateTimeOffset Timestamp)
{
    internal static DateTimeOffset ReadTimestamp(JsonElement root)
    {
        if (!root.TryGetProperty("timestamp", out var t)) return DateTimeOffset.UtcNow;
        var seconds = t.TryGetProperty("seconds", out var s) ? s.GetInt64() : 0;
        var micros = t.TryGetProperty("microseconds", out var m) ? m.GetInt64() : 0;
        return DateTimeOffset.FromUnixTimeSeconds(seconds).AddTicks(micros * 10);
    }
}
