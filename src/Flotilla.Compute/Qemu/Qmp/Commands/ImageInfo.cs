namespace Flotilla.Compute.Qemu.Qmp.Commands;

/// <summary>A drive's image: <c>{"snapshots": […]}</c> (absent when it has none).</summary>
public sealed record ImageInfo(IReadOnlyList<ImageSnapshot>? Snapshots);
