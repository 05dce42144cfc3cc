namespace Flotilla.Compute.Qemu.Qmp.Commands;

/// <summary><see cref="QueryBalloon"/>'s reply: <c>{"actual": BYTES}</c>, the guest's memory as it is now.</summary>
public sealed record BalloonInfo(long Actual);
