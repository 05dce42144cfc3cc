namespace Flotilla.Compute;

/// <summary>No built template of that name in the image dir.</summary>
public sealed class TemplateNotFoundException(string template, IReadOnlyList<string> available, string imageDir)
    : Exception($"no template '{template}' in {imageDir} (built: {(available.Count == 0 ? "none; run images/tiny-web/build" : string.Join(", ", available))})")
{
    public string Template { get; } = template;
    public IReadOnlyList<string> Available { get; } = available;
}
