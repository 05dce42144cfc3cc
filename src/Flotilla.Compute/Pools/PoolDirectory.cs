namespace Flotilla.Compute.Pools;

/// <summary>A storage pool's directory on this host: made when missing, and checked to take files.</summary>
public static class PoolDirectory
{
    /// <summary>Makes <paramref name="path"/> if it is missing and checks that a file can be written there.</summary>
    /// <returns>Whether the directory was made now (so that forgetting the pool may remove it again).</returns>
    /// <exception cref="IOException">It is a file, or it cannot be made or written (the reason included).</exception>
    public static bool Ensure(string path)
    {
        if (File.Exists(path)) throw new IOException($"{path} is a file, not a directory");
        var made = !Directory.Exists(path);
        try
        {
            Directory.CreateDirectory(path);
            var probe = Path.Combine(path, $".flotilla-probe-{Guid.NewGuid():N}");
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            if (made) RemoveIfEmpty(path);
            throw new IOException($"cannot use {path}: {e.Message}", e);
        }
        return made;
    }

    /// <summary>Removes the directory when nothing is in it; a directory holding anything is left alone.</summary>
    public static void RemoveIfEmpty(string path)
    {
        if (Directory.Exists(path) && !Directory.EnumerateFileSystemEntries(path).Any()) Directory.Delete(path);
    }

    /// <summary>The size of the filesystem holding <paramref name="path"/> (statfs).</summary>
    public static long FileSystemBytes(string path) => new DriveInfo(path).TotalSize;
}
