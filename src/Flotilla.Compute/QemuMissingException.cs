namespace Flotilla.Compute;

/// <summary>A program the runtime needs (<c>qemu-system-x86_64</c>, <c>qemu-img</c>, <c>genisoimage</c>) is not installed.</summary>
public sealed class QemuMissingException(string program)
    : Exception($"{program} is not installed (not on PATH): apt-get install qemu-system-x86 qemu-utils genisoimage")
{
    public string Program { get; } = program;
}
