namespace Flotilla.Testing;

/// <summary>The repository's files, found from the test's output folder (tests run from artifacts/bin/…).</summary>
public static class Repository
{
    public static string Root()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Flotilla.sln"))) return directory.FullName;
        }

        throw new DirectoryNotFoundException($"no Flotilla.sln above {AppContext.BaseDirectory}");
    }

    /// <summary>The path of <c>examples/NAME</c>.</summary>
    public static string Example(string name) => Path.Combine(Root(), "examples", name);
}
