namespace Flotilla.Daemon.Reconciling;

/// <summary>The VM is as its spec asks.</summary>
internal sealed record None : VmAction;
