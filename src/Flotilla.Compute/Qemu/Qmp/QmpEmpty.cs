namespace Flotilla.Compute.Qemu.Qmp;

/// <summary>The <c>{}</c> that a command with nothing to say returns.</summary>
public sealed record QmpEmpty;
