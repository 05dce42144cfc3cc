namespace Flotilla.Daemon.Templates;

/// <summary>A template a VM is being made from, either kind: the name its spec records, and what the VM takes from it unless told otherwise.</summary>
internal sealed record ResolvedTemplate(string Name, TemplateKind Kind, int MinMemoryMiB, int Cpus, int MemoryMiB, string? UserData);
