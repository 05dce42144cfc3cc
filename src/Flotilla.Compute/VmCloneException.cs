namespace Flotilla.Compute;

/// <summary>A clone's disk or directory could not be made (qemu-img's words in the message); nothing of the clone is left.</summary>
public sealed class VmCloneException(string source, string clone, Exception inner)
    : Exception($"cloning VM '{source}' to '{clone}' failed: {inner.Message}", inner)
{
    public string SourceVm { get; } = source;
    public string Clone { get; } = clone;
}
