using System.Text.Json;

namespace Flotilla.Compute.Accel;

/// <summary>
/// The host's kvm/tcg verdict in <c>DATA_DIR/accel.json</c>: a boot probe costs seconds (and up to its timeout when
/// kvm hangs), so it runs once per host and QEMU version. Delete the file to probe again.
/// </summary>
internal sealed class AccelVerdictCache(string path)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public string Path { get; } = path;

    /// <summary>The cached verdict for <paramref name="qemuVersion"/>; null when there is none, it is unreadable, or another QEMU was probed.</summary>
    public AccelVerdict? Read(string qemuVersion)
    {
        try
        {
            var record = JsonSerializer.Deserialize<AccelRecord>(File.ReadAllText(Path), Json);
            return record is not null && record.QemuVersion == qemuVersion && record.Accel is AccelVerdict.Kvm or AccelVerdict.Tcg
                ? new AccelVerdict(record.Accel, record.Reason)
                : null;
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Writes atomically (a temporary file renamed over the old one).</summary>
    public void Write(AccelRecord record)
    {
        var temporary = $"{Path}.{Guid.NewGuid():N}.tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(record, Json));
        File.Move(temporary, Path, overwrite: true);
    }
}
