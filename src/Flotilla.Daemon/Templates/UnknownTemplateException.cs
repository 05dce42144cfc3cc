namespace Flotilla.Daemon.Templates;

/// <summary>No template of that name, of either kind; the message lists what there is.</summary>
public sealed class UnknownTemplateException(string name, IReadOnlyList<string> built, IReadOnlyList<string> user)
    : Exception($"no template named '{name}' (built: {List(built)}; user: {List(user)})")
{
    public string Name { get; } = name;

    private static string List(IReadOnlyList<string> names) => names.Count == 0 ? "none" : string.Join(", ", names);
}
