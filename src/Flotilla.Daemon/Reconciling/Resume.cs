namespace Flotilla.Daemon.Reconciling;

/// <summary>Let a paused guest run again (QMP <c>cont</c>).</summary>
internal sealed record Resume : VmAction;
