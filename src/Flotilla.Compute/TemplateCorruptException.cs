namespace Flotilla.Compute;

/// <summary>A template's file is missing or does not match its manifest's sha256 (a broken or half-written build).</summary>
public sealed class TemplateCorruptException(string template, string detail)
    : Exception($"template '{template}' is corrupt: {detail}; rebuild it (images/{template}/build)")
{
    public string Template { get; } = template;
}
