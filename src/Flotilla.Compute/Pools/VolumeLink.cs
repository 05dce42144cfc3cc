namespace Flotilla.Compute.Pools;

/// <summary>A VM's <c>disk.qcow2</c> that is a link to its disk in a pool (see <see cref="DiskPlacement"/>).</summary>
internal static class VolumeLink
{
    /// <summary>The pool file the link names (whether or not it exists); null when the path is no link (or nothing).</summary>
    public static string? Target(string diskPath)
    {
        var link = new FileInfo(diskPath).LinkTarget;
        return link is null ? null : Path.GetFullPath(link, Path.GetDirectoryName(diskPath)!);
    }

    /// <summary>The file that holds the disk's blocks: the link's target, or the path itself.</summary>
    public static string Resolve(string diskPath) => Target(diskPath) ?? diskPath;
}
