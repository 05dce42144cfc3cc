namespace Flotilla.Daemon.Stacks;

/// <summary>
/// A stack file as the CLI sends it: its text, its name (for error locations) and the text of every file it refers
/// to (<c>userDataFile:</c>), keyed as the stack file writes them. The daemon never reads a client's paths.
/// </summary>
public sealed record StackSource
{
    public string? FileName { get; init; }
    public string? Yaml { get; init; }
    public IReadOnlyDictionary<string, string>? Files { get; init; }
}
