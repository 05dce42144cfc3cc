namespace Flotilla.Balancer.Tests.Support;

/// <summary>
/// A directory under /tmp removed with its files at dispose. Mode 0755 (not mkdtemp's 0700), so
/// a server running as another user, or a check of "readable by the world", sees what a real
/// deployment would.
/// </summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = Directory.CreateTempSubdirectory("flotilla-l7-").FullName;
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        File.SetUnixFileMode(Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
    }

    public string Path { get; }

    /// <summary>Writes a file (directories made as needed) and returns its full path.</summary>
    public string Write(string relative, string content)
    {
        var path = System.IO.Path.Combine(Path, relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
