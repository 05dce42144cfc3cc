using System.CommandLine;
using Flotilla.Core.Specs;
using Flotilla.Core.Stacks;

namespace Flotilla.Cli.Commands.Stack;

/// <summary>
/// <c>-f FILE</c>: the stack file, read and checked here first (schema, references, addresses), so that a bad file
/// is refused with its file, line and key before the daemon is asked anything; then sent with the files it refers to
/// and its folder (a router's relative paths are on this host, which the daemon shares).
/// </summary>
internal static class StackFileInput
{
    public static Option<string> Option() => new("--file", "-f") { Description = "The stack file (YAML; see docs/stack-file.md)", Required = true };

    /// <exception cref="UserInputException">The file cannot be read, or has problems (each on its own line).</exception>
    public static StackSource Load(string path) => Read(path).Source;

    /// <summary>The file as sent, and as read here (what <c>--verify</c> runs comes from it).</summary>
    /// <exception cref="UserInputException">The file cannot be read, or has problems (each on its own line).</exception>
    public static (StackSource Source, StackFile File) Read(string path)
    {
        string yaml;
        try
        {
            yaml = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UserInputException($"-f: cannot read '{path}': {(e is FileNotFoundException or DirectoryNotFoundException ? "no such file" : e.Message)}", e);
        }
        var name = Path.GetFileName(path);
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        StackFile file;
        try
        {
            file = StackFileReader.Parse(yaml, name, relative =>
            {
                var text = File.ReadAllText(Path.Combine(directory, relative));
                files[relative] = text;
                return text;
            }, directory);
            StackValidator.ThrowIfInvalid(file);
        }
        catch (SpecException e)
        {
            throw new UserInputException(e.Message, e);
        }
        catch (InvalidStackException e)
        {
            throw new UserInputException(e.Message, e);
        }
        return (new StackSource { FileName = name, Yaml = yaml, Files = files, Directory = directory }, file);
    }
}
