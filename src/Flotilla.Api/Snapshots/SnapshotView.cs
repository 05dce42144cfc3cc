namespace Flotilla.Api.Snapshots;

/// <summary>
/// A snapshot as the API shows it: its name, when it was taken, whether it holds memory (RAM and device state) and
/// how many bytes of it; it lives in the VM's qcow2 disk.
/// </summary>
public sealed record SnapshotView(string Name, DateTimeOffset CreatedAt, bool Memory, long VmStateBytes);
