namespace Flotilla.Daemon.Reconciling;

/// <summary>Set the balloon to <paramref name="TargetMiB"/> and record what the guest reached.</summary>
internal sealed record SetBalloon(int TargetMiB) : VmAction;
