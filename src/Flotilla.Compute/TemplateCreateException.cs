namespace Flotilla.Compute;

/// <summary>A user template's files could not be made from a VM's disk (qemu-img's words in the message); nothing is left.</summary>
public sealed class TemplateCreateException(string template, string vm, Exception inner)
    : Exception($"making template '{template}' from VM '{vm}' failed: {inner.Message}", inner)
{
    public string Template { get; } = template;
    public string Vm { get; } = vm;
}
