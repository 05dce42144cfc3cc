namespace Flotilla.Daemon.Reconciling;

/// <summary>A transient VM stopped: delete its disks and its records; the worker ends.</summary>
internal sealed record Forget : VmAction;
