namespace Flotilla.Daemon.Reconciling;

/// <summary>Do not start this spec revision again (it failed or crashed under <c>onCrash: preserve</c>) until a verb writes a new one.</summary>
internal sealed record Hold(string Reason) : VmAction;
