namespace Flotilla.Compute.Images;

/// <summary>
/// The files of a user-defined template in the host's template store, <c>DATA_DIR/templates/NAME/ID/</c>: a base disk
/// flattened from a VM's disk, and the kernel and initramfs of the build that VM booted (<see cref="Boots"/>). Read-only.
/// </summary>
public sealed record UserTemplateBuild
{
    public required string Name { get; init; }
    /// <summary><c>user-</c> and the start of the base disk's sha256: names this build, as a VM's template record does.</summary>
    public required string Id { get; init; }
    public required string Directory { get; init; }
    public required string BaseDisk { get; init; }
    /// <summary>The template build whose kernel and initramfs it boots, <c>NAME/ID</c> (e.g. <c>tiny-web/3f2a…</c>).</summary>
    public required string Boots { get; init; }
    public required int MinMemoryMiB { get; init; }
}
