using Flotilla.Core.Specs;

namespace Flotilla.Balancer.Configuration;

/// <summary>Rejects a second item with the same name within one list.</summary>
internal sealed class UniqueNames(string kind)
{
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);

    public void Add(YamlMap map, string key, string name)
    {
        if (!_names.Add(name))
        {
            throw map.Error(key, $"duplicate {kind} name '{name}'");
        }
    }
}
