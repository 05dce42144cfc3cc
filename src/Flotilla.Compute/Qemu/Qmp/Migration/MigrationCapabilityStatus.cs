namespace Flotilla.Compute.Qemu.Qmp.Migration;

/// <summary>One entry of <see cref="MigrateSetCapabilities"/>: <c>{"capability": "events", "state": true}</c>.</summary>
public sealed record MigrationCapabilityStatus(MigrationCapability Capability, bool State);
