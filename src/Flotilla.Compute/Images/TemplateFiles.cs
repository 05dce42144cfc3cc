namespace Flotilla.Compute.Images;

/// <summary>A template build's files as VMs use them: the host's own copy, which never changes.</summary>
internal sealed record TemplateFiles(string Kernel, string Initrd, string BaseDisk);
