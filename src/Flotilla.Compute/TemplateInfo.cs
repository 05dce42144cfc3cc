namespace Flotilla.Compute;

/// <summary>
/// A built guest template (<c>ImageDir/NAME/</c> with its <c>manifest</c>): what a VM boots and the base disk its own
/// disk starts from. <see cref="InputsSha256"/> names the build; VMs use a copy kept under that name in the data dir,
/// because a rebuild replaces these files.
/// </summary>
public sealed record TemplateInfo
{
    public required string Name { get; init; }
    public required string Directory { get; init; }
    /// <summary>The decompressed <c>vmlinux</c> when the build made one (faster under TCG, shared page cache), else <c>vmlinuz</c>.</summary>
    public required string Kernel { get; init; }
    public required string Initrd { get; init; }
    public required string BaseDisk { get; init; }
    public required string InputsSha256 { get; init; }
    /// <summary>The manifest's <c>sha256_FILE</c> of each output, by file name.</summary>
    public IReadOnlyDictionary<string, string> Sha256 { get; init; } = new Dictionary<string, string>();
    public int MinMemoryMiB { get; init; } = 64;
}
