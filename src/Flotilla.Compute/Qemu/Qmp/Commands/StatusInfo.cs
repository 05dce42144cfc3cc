using System.Text.Json.Serialization;

namespace Flotilla.Compute.Qemu.Qmp.Commands;

/// <summary><see cref="QueryStatus"/>'s reply: <c>{"running": true, "status": "running"}</c>; <see cref="Status"/> is QEMU's
/// <c>RunState</c> (<c>running</c>, <c>paused</c>, <c>prelaunch</c>, <c>inmigrate</c>, <c>postmigrate</c>, <c>shutdown</c>…),
/// kept as text so that a state a newer QEMU adds is no protocol error.</summary>
public sealed record StatusInfo(bool Running, string Status)
{
    /// <summary>Paused by <see cref="Stop"/> (or a <c>-S</c> start not yet continued).</summary>
    [JsonIgnore]
    public bool Paused => Status == "paused";
}
