namespace Flotilla.Daemon.Templates;

/// <summary>Deleting a user template that VMs were made from: linked clones are backed by its base disk, and all of them boot its kernel.</summary>
public sealed class TemplateInUseException(string name, IReadOnlyList<string> vms)
    : Exception($"template '{name}' is in use by VM{(vms.Count == 1 ? "" : "s")} {string.Join(", ", vms)} (linked clones are backed by its base disk, and every VM made from it boots its kernel): undefine {(vms.Count == 1 ? "it" : "them")} first")
{
    public string Name { get; } = name;
    public IReadOnlyList<string> Vms { get; } = vms;
}
