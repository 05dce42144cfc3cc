using System.Text.Json.Serialization.Metadata;

namespace Flotilla.Compute.Qemu.Qmp.Commands;

/// <summary>Presses the ACPI power button; <c>{}</c> at once, the guest shuts down (or not) later.</summary>
public sealed record SystemPowerdown : IQmpCommand<QmpEmpty>
{
    string IQmpCommand<QmpEmpty>.Execute => "system_powerdown";
    JsonTypeInfo? IQmpCommand<QmpEmpty>.ArgumentsType => null;
    JsonTypeInfo<QmpEmpty> IQmpCommand<QmpEmpty>.ReplyType => QmpJsonContext.Default.QmpEmpty;
}
