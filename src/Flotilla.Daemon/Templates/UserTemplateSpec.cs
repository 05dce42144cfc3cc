namespace Flotilla.Daemon.Templates;

/// <summary>
/// A user-defined template as stored under <c>templates/NAME</c>: the VM definition new VMs take unless told otherwise
/// (cpus, memory, user data), and which files are its own (<see cref="Build"/>, in the host's template store). No
/// identity: every VM made from it gets a new MAC and instance-id.
/// </summary>
public sealed record UserTemplateSpec
{
    public required string Name { get; init; }
    public string? Description { get; init; }
    public required int Cpus { get; init; }
    public required int MemoryMiB { get; init; }
    public string? UserData { get; init; }
    /// <summary>The floor of the kernel it boots, from the template the source VM came from.</summary>
    public required int MinMemoryMiB { get; init; }
    /// <summary>The VM its base disk was flattened from, and that VM's template then.</summary>
    public required string SourceVm { get; init; }
    public required string SourceTemplate { get; init; }
    /// <summary>Its files in the template store, <c>DATA_DIR/templates/NAME/BUILD/</c>.</summary>
    public required string Build { get; init; }
    /// <summary>The template build whose kernel and initramfs it copied, <c>NAME/ID</c>.</summary>
    public required string Boots { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
}
