namespace Flotilla.Daemon.Templates;

public sealed class TemplateExistsException(string name, string message) : Exception(message)
{
    public TemplateExistsException(string name) : this(name, $"a template named '{name}' already exists") { }

    public string Name { get; } = name;
}
