namespace Flotilla.Api.Stacks;

/// <summary>
/// A stack file as the CLI sends it: its text, its name (for error locations) and the text of every file it refers
/// to (<c>userDataFile:</c>), keyed as the stack file writes them. The daemon never reads a client's paths.
/// </summary>
public sealed record StackSource
{
    public string? FileName { get; init; }
    public string? Yaml { get; init; }
    public IReadOnlyDictionary<string, string>? Files { get; init; }

    /// <summary>
    /// The stack file's folder on this host (the CLI and the daemon share the host): a router's relative paths (a
    /// <c>static</c> directory, certificate files) are made absolute from it, because flotilla-lb reads them here.
    /// </summary>
    public string? Directory { get; init; }
}
