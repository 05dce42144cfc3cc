namespace Flotilla.Compute.Qemu.Qmp.Commands;

/// <summary>One drive in <see cref="QueryBlock"/>'s reply: <c>{"device": "disk0", "inserted": {…}}</c> (no <c>inserted</c>: an empty drive).</summary>
public sealed record BlockInfo(string Device, BlockDeviceInfo? Inserted);
