namespace Flotilla.Compute.Qemu.Qmp.Commands;

/// <summary>The medium in a drive: <c>{"image": {…}}</c> (of its many members, the one we read).</summary>
public sealed record BlockDeviceInfo(ImageInfo? Image);
