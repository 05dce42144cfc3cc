namespace Flotilla.Compute.Snapshots;

/// <summary>A snapshot request that cannot be done; <see cref="Error"/> says which kind, the message says it for people.</summary>
public sealed class SnapshotException(SnapshotError error, string vmName, string snapshot, string message, Exception? inner = null) : Exception(message, inner)
{
    public SnapshotError Error { get; } = error;
    public string VmName { get; } = vmName;
    public string Snapshot { get; } = snapshot;

    internal static SnapshotException Failed(string vm, string snapshot, string what, Exception inner) =>
        new(SnapshotError.Failed, vm, snapshot, $"{what} snapshot '{snapshot}' of VM '{vm}' failed: {inner.Message}", inner);

    /// <summary>For a caller that looked the snapshot up itself.</summary>
    public static SnapshotException NotFoundFor(string vm, string snapshot) => NotFound(vm, snapshot);

    internal static SnapshotException NotFound(string vm, string snapshot) =>
        new(SnapshotError.NotFound, vm, snapshot, $"VM '{vm}' has no snapshot named '{snapshot}' (list them with: flotilla vm snapshot list {vm})");

    internal static SnapshotException Exists(string vm, string snapshot) =>
        new(SnapshotError.Exists, vm, snapshot, $"VM '{vm}' already has a snapshot named '{snapshot}': pick another name, or delete it first");

    internal static SnapshotException VmNotRunning(string vm, string snapshot) =>
        new(SnapshotError.VmNotRunning, vm, snapshot, $"VM '{vm}' is not running, so it has no memory to save: start it, or take a disk-only snapshot (without --memory)");

    internal static SnapshotException VmRunning(string vm, string snapshot) =>
        new(SnapshotError.VmRunning, vm, snapshot,
            $"snapshot '{snapshot}' of VM '{vm}' has no memory state, and a running VM can only revert to one that has: stop it first (flotilla vm shutdown {vm}), then revert");
}
