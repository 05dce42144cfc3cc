namespace Flotilla.Compute.Images;

/// <summary>A template build's <c>manifest</c>: <c>key=value</c> lines (package versions, <c>inputs_sha256</c>, <c>sha256_FILE</c>).</summary>
internal sealed record TemplateManifest(IReadOnlyDictionary<string, string> Values)
{
    public const string FileName = "manifest";

    public string? InputsSha256 => Values.GetValueOrDefault("inputs_sha256");

    /// <summary>The <c>sha256_FILE</c> entries, by file name.</summary>
    public IReadOnlyDictionary<string, string> Sha256 => Values
        .Where(kv => kv.Key.StartsWith("sha256_", StringComparison.Ordinal))
        .ToDictionary(kv => kv.Key["sha256_".Length..], kv => kv.Value);

    public static TemplateManifest Parse(string text)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n'))
        {
            var eq = line.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0) values[line[..eq].Trim()] = line[(eq + 1)..].Trim();
        }
        return new TemplateManifest(values);
    }
}
