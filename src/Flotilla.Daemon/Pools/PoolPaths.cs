namespace Flotilla.Daemon.Pools;

/// <summary>
/// Where a pool may be: an absolute directory that is neither another pool's directory, nor inside or around one
/// (the default pool's, <c>DATA_DIR/vms</c>, holds the VM directories), nor inside or around the template store.
/// Pools never nest, so a file belongs to one pool at most. Paths are compared as written, normalised (<c>..</c>,
/// trailing slashes), without following links.
/// </summary>
internal static class PoolPaths
{
    /// <returns>The normalised path.</returns>
    /// <exception cref="InvalidPoolException">The path breaks a rule; the message says which.</exception>
    public static string Validate(string? path, IEnumerable<PoolSpec> pools, string templatesDir)
    {
        if (string.IsNullOrWhiteSpace(path)) throw new InvalidPoolException("a pool needs a path: an absolute directory (--path DIR)");
        if (!Path.IsPathFullyQualified(path)) throw new InvalidPoolException($"pool path must be absolute (got '{path}')");
        var full = Normalize(path);
        if (full == "/") throw new InvalidPoolException("pool path cannot be / itself");
        foreach (var pool in pools)
        {
            var other = Normalize(pool.Path);
            if (full == other) throw new InvalidPoolException($"{full} is already pool '{pool.Name}'");
            if (IsInside(full, other)) throw new InvalidPoolException($"{full} is inside pool '{pool.Name}' ({other}){(pool.Name == Core.Vms.VmSpec.DefaultPool ? ", where VM directories live" : "")}: pools do not nest");
            if (IsInside(other, full)) throw new InvalidPoolException($"{full} holds pool '{pool.Name}' ({other}): pools do not nest");
        }
        var templates = Normalize(templatesDir);
        if (full == templates || IsInside(full, templates) || IsInside(templates, full))
        {
            throw new InvalidPoolException($"{full} overlaps the host's template store ({templates})");
        }
        return full;
    }

    private static string Normalize(string path)
    {
        var full = Path.GetFullPath(path);
        return full == "/" ? full : Path.TrimEndingDirectorySeparator(full);
    }

    private static bool IsInside(string path, string dir) => path.StartsWith(dir == "/" ? dir : dir + "/", StringComparison.Ordinal);
}
