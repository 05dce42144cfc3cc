namespace Flotilla.Compute.Qemu.Qmp;

/// <summary>QEMU refused a command: <see cref="Class"/> is QMP's error class (e.g. <c>GenericError</c>, <c>DeviceNotFound</c>).</summary>
public sealed class QmpCommandException(string errorClass, string description) : QmpException($"QEMU: {description} ({errorClass})")
{
    public string Class { get; } = errorClass;
    public string Description { get; } = description;
}
