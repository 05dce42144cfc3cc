namespace Flotilla.Daemon.Reconciling;

/// <summary>A hardware reset: a reboot was asked for (the spec's reboot generation is ahead of the status').</summary>
internal sealed record Reset : VmAction;
