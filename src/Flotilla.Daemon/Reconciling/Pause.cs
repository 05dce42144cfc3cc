namespace Flotilla.Daemon.Reconciling;

/// <summary>Freeze the guest's vCPUs (QMP <c>stop</c>).</summary>
internal sealed record Pause : VmAction;
