using System.Text.Json;

namespace Flotilla.Compute.Qemu.Qmp;

/// <summary>QEMU's first line on a QMP socket: its version and capabilities.</summary>
public sealed record QmpGreeting(int Major, int Minor, int Micro, string Package, IReadOnlyList<string> Capabilities)
{
    public string Version => $"{Major}.{Minor}.{Micro}";

    /// <exception cref="QmpException">Not a QMP greeting.</exception>
    public static QmpGreeting Parse(string line)
    {
        try
        {
            using var doc = JsonDocument.Parse(line);
            var qmp = doc.RootElement.GetProperty("QMP");
            var version = qmp.GetProperty("version");
            var qemu = version.GetProperty("qemu");
            return new QmpGreeting(
                qemu.GetProperty("major").GetInt32(), qemu.GetProperty("minor").GetInt32(), qemu.GetProperty("micro").GetInt32(),
                version.TryGetProperty("package", out var p) ? p.GetString() ?? "" : "",
                qmp.TryGetProperty("capabilities", out var caps) ? caps.EnumerateArray().Select(c => c.GetString() ?? "").ToList() : []);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new QmpException($"not a QMP greeting: {line[..Math.Min(line.Length, 80)]}", e);
        }
    }
}
