namespace Flotilla.Daemon.Hosting;

/// <summary>
/// One daemon per data dir: an exclusive lock on DATA_DIR/flotillad.lock, held for the process's
/// life (the kernel drops it if the process dies, so a crash never leaves it stuck).
/// </summary>
internal sealed class DataDirLock : IDisposable
{
    private readonly FileStream _file;

    private DataDirLock(FileStream file) => _file = file;

    /// <summary>flock(2)'s answer when another process holds the lock (.NET puts the errno in HResult).</summary>
    private const int EWouldBlock = 11;

    /// <exception cref="InvalidOperationException">Another flotillad holds it, or the lock file cannot be made (the message says which).</exception>
    public static DataDirLock Acquire(string dataDir)
    {
        var path = Path.Combine(dataDir, "flotillad.lock");
        try
        {
            // FileShare.None takes an exclusive advisory lock (flock) on Unix.
            return new DataDirLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException e) when (e.GetType() == typeof(IOException) && e.HResult == EWouldBlock)
        {
            throw new InvalidOperationException($"another flotillad is using {dataDir} ({e.Message})", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Not a directory, read-only, full: not another daemon's doing.
            throw new InvalidOperationException($"cannot lock {path}: {e.Message}", e);
        }
    }

    public void Dispose() => _file.Dispose();
}
