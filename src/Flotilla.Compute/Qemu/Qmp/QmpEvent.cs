using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Flotilla.Compute.Qemu.Qmp;

/// <summary>An asynchronous QMP event (STOP, RESUME, SHUTDOWN, BALLOON_CHANGE, MIGRATION…), with QEMU's own timestamp.</summary>
public sealed record QmpEvent(string Name, JsonElement Data, DateTimeOffset Timestamp)
{
    /// <summary>This event's <c>data</c> as <typeparamref name="T"/> when it is that event (an event without data reads as <c>{}</c>).</summary>
    /// <exception cref="QmpException">It is that event, but its data is not what QEMU documents.</exception>
    public bool TryRead<T>([NotNullWhen(true)] out T? data) where T : class, IQmpEvent<T>
    {
        data = null;
        if (Name != T.Event) return false;
        try
        {
            data = Data.ValueKind == JsonValueKind.Object ? Data.Deserialize(T.JsonType) : JsonSerializer.Deserialize("{}", T.JsonType);
        }
        catch (JsonException e)
        {
            throw new QmpException($"QMP event {Name} has unexpected data: {e.Message}", e);
        }
        return data is not null;
    }

    internal static DateTimeOffset ReadTimestamp(JsonElement root)
    {
        if (!root.TryGetProperty("timestamp", out var t)) return DateTimeOffset.UtcNow;
        var seconds = t.TryGetProperty("seconds", out var s) ? s.GetInt64() : 0;
        var micros = t.TryGetProperty("microseconds", out var m) ? m.GetInt64() : 0;
        return DateTimeOffset.FromUnixTimeSeconds(seconds).AddTicks(micros * 10);
    }
}
