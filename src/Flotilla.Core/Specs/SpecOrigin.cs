namespace Flotilla.Core.Specs;

/// <summary>
/// Where an item of a spec file was written, kept with the model so that checks made after reading (references,
/// duplicates, addresses) can still point at the file, line and key of the value at fault.
/// </summary>
public sealed class SpecOrigin
{
    private readonly IReadOnlyDictionary<string, SpecLocation> _keys;

    public SpecOrigin(string path, SpecLocation location, IReadOnlyDictionary<string, SpecLocation>? keys = null)
    {
        Path = path;
        Location = location;
        _keys = keys ?? new Dictionary<string, SpecLocation>();
    }

    /// <summary>A place with no file behind it, for models built in code (tests, the API).</summary>
    public static SpecOrigin None(string path) => new(path, new SpecLocation("", 0, 0));

    /// <summary>The key path of the item, e.g. <c>vms[0]</c> or <c>loadBalancers[0].backendPools[0].members[1]</c>.</summary>
    public string Path { get; }

    public SpecLocation Location { get; }

    /// <summary>Whether the item was written as a mapping with <paramref name="key"/> (a scalar item has no keys).</summary>
    public bool Has(string key) => _keys.ContainsKey(key);

    public SpecLocation LocationOf(string key) => _keys.TryGetValue(key, out var location) ? location : Location;

    public string KeyPath(string? key) => string.IsNullOrEmpty(key) ? Path : Path.Length == 0 ? key : $"{Path}.{key}";

    /// <summary>An error about <paramref name="key"/> of this item, or about the item itself when the key is null.</summary>
    public SpecException Error(string? key, string problem) =>
        new(key is null ? Location : LocationOf(key), KeyPath(key), problem);
}
