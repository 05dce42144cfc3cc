namespace Flotilla.Daemon.Hosting;

/// <summary>
/// Where the daemon keeps its state, from <c>--store</c>: <c>sqlite:PATH</c> (the default, <c>DATA_DIR/state.db</c>).
/// <c>etcd:URL</c>, the store several hosts can share, is named so it is refused in one line instead of read as a path.
/// </summary>
internal sealed record StoreLocation(string SqlitePath)
{
    /// <summary>Today's file: <c>DATA_DIR/state.db</c>.</summary>
    public static StoreLocation Default(string dataDir) => new(Path.Combine(dataDir, "state.db"));

    /// <exception cref="ArgumentException">Not <c>sqlite:PATH</c>, or an <c>etcd:</c> store, which is not supported yet.</exception>
    public static StoreLocation Parse(string text)
    {
        if (text.StartsWith("sqlite:", StringComparison.Ordinal) && text.Length > 7)
        {
            return new StoreLocation(Path.GetFullPath(text[7..]));
        }
        if (text.StartsWith("etcd:", StringComparison.Ordinal))
        {
            throw new ArgumentException($"--store: '{text}': the etcd store is not supported yet; use sqlite:PATH");
        }
        throw new ArgumentException($"--store: '{text}' is not sqlite:PATH");
    }

    public override string ToString() => $"sqlite:{SqlitePath}";
}
