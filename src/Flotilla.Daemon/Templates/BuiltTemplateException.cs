namespace Flotilla.Daemon.Templates;

/// <summary>Deleting a built template: the image dir's build script owns it, not the API.</summary>
public sealed class BuiltTemplateException(string name, string imageDir)
    : Exception($"template '{name}' is built (in {imageDir}, by images/{name}/build): only user templates can be deleted")
{
    public string Name { get; } = name;
}
