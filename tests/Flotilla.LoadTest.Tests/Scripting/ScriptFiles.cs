namespace Flotilla.LoadTest.Tests.Scripting;

/// <summary>Scripts written to a temporary folder for one test, removed after it.</summary>
public sealed class ScriptFiles : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("flotilla-script-").FullName;

    public string Write(string code, string name = "script.js")
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, code);
        return path;
    }

    /// <summary>The repository's <c>examples/</c> file of that name (tests run from artifacts/bin/…).</summary>
    public static string Example(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Flotilla.sln"))) return Path.Combine(dir.FullName, "examples", name);
        }
        throw new FileNotFoundException($"no Flotilla.sln above {AppContext.BaseDirectory}");
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
