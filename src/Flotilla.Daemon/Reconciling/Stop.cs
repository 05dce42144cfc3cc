namespace Flotilla.Daemon.Reconciling;

/// <summary>End the running QEMU: an ACPI power-down (forced after the shutdown grace), or at once when <paramref name="Force"/>.</summary>
internal sealed record Stop(bool Force) : VmAction;
