using System.Net;
using System.Text.RegularExpressions;
using Flotilla.Balancer.L7.Rules;
using Flotilla.Core.Specs;

namespace Flotilla.Balancer.Configuration.Routers;

/// <summary>
/// Reads a rule's <c>match:</c>. Patterns are compiled here, so a bad regex is a config error
/// with its line, and the group counts the rule's templates may refer to are known.
/// </summary>
internal static class MatchConfigReader
{
    public static (MatchConfig Match, int RuleGroups, int ConditionGroups) Read(YamlMap? map)
    {
        if (map is null)
        {
            return (new MatchConfig(), 0, 0);
        }

        var ruleGroups = 0;
        var conditionGroups = 0;
        PathMatchConfig? path = null;
        if (map.OptionalMap("path") is { } p)
        {
            (path, ruleGroups) = ReadPath(p);
        }

        var match = new MatchConfig
        {
            Hosts = Texts(map, "host", (v, text) => HostPattern.IsValid(text) ? text : throw v.Error($"'{text}' is not a host name or *.domain wildcard")),
            Path = path,
            Methods = Texts(map, "method", (v, text) => text.All(c => char.IsAsciiLetter(c) || c == '-') ? text.ToUpperInvariant() : throw v.Error($"'{text}' is not an HTTP method")),
            Headers = Named(map, "headers", ref conditionGroups),
            Query = Named(map, "query", ref conditionGroups),
            Cookies = Named(map, "cookies", ref conditionGroups),
            UserAgent = map.Value("userAgent") is { } agent ? ReadValue(agent, ref conditionGroups) : null,
            ClientAddresses = Texts(map, "clientAddress", (v, text) => Network(v, text)),
            Https = map.Has("https") ? map.Bool("https", false) : null,
            Variables = Variables(map, ref conditionGroups),
        };
        map.RejectUnknownKeys();
        return (match, ruleGroups, conditionGroups);
    }

    private static (PathMatchConfig, int) ReadPath(YamlMap map)
    {
        var kinds = Enum.GetValues<PathMatchKind>().Where(k => map.Has(Key(k))).ToList();
        if (kinds.Count != 1)
        {
            throw map.Error(kinds.Count == 0 ? "" : Key(kinds[1]), "give exactly one of prefix, exact, regex, extension");
        }

        var kind = kinds[0];
        var key = Key(kind);
        var ignoreCase = map.Bool("ignoreCase", kind is PathMatchKind.Regex or PathMatchKind.Extension);
        var groups = 0;
        IReadOnlyList<string> values;
        switch (kind)
        {
            case PathMatchKind.Regex:
                var pattern = map.RequiredString(key);
                groups = Compile(map, key, pattern, ignoreCase).GetGroupNumbers().Length;
                values = [pattern];
                break;
            case PathMatchKind.Extension:
                values = Texts(map, key, (_, text) => text.StartsWith('.') ? text : "." + text);
                break;
            default:
                values = Texts(map, key, (v, text) => text.StartsWith('/') ? text : throw v.Error($"must start with '/', got '{text}'"));
                groups = kind == PathMatchKind.Prefix ? 2 : 0;
                break;
        }

        if (values.Count == 0)
        {
            throw map.Error(key, "expected a value");
        }

        map.RejectUnknownKeys();
        return (new PathMatchConfig { Kind = kind, Values = values, IgnoreCase = ignoreCase }, groups);
    }

    private static string Key(PathMatchKind kind) => kind.ToString().ToLowerInvariant();

    private static List<NamedValueMatch> Named(YamlMap map, string key, ref int conditionGroups)
    {
        var list = new List<NamedValueMatch>();
        if (map.OptionalMap(key) is not { } named)
        {
            return list;
        }

        foreach (var (name, value) in named.Entries())
        {
            list.Add(new NamedValueMatch(name, ReadValue(value, ref conditionGroups)));
        }

        return list;
    }

    /// <summary>A scalar is an exact value; a mapping gives one of equals, contains, regex, present.</summary>
    private static ValueMatchConfig ReadValue(YamlValue value, ref int conditionGroups)
    {
        if (value.Scalar is { } exact)
        {
            return new ValueMatchConfig { Kind = ValueMatchKind.Equals, Value = exact };
        }

        var map = value.Map ?? throw value.Error("expected a value, or a mapping with one of equals, contains, regex, present");
        string[] forms = ["equals", "contains", "regex", "present"];
        var given = forms.Where(map.Has).ToList();
        if (given.Count != 1)
        {
            throw given.Count == 0 ? value.Error("give one of equals, contains, regex, present") : map.Error(given[1], "give only one of equals, contains, regex, present");
        }

        var ignoreCase = map.Bool("ignoreCase", false);
        ValueMatchConfig result;
        switch (given[0])
        {
            case "present":
                result = new ValueMatchConfig { Kind = map.Bool("present", true) ? ValueMatchKind.Present : ValueMatchKind.Absent };
                break;
            case "regex":
                var pattern = map.RequiredString("regex");
                conditionGroups = Compile(map, "regex", pattern, ignoreCase).GetGroupNumbers().Length;
                result = new ValueMatchConfig { Kind = ValueMatchKind.Regex, Value = pattern, IgnoreCase = ignoreCase };
                break;
            default:
                result = new ValueMatchConfig
                {
                    Kind = given[0] == "equals" ? ValueMatchKind.Equals : ValueMatchKind.Contains,
                    Value = map.RequiredString(given[0]),
                    IgnoreCase = ignoreCase,
                };
                break;
        }

        map.RejectUnknownKeys();
        return result;
    }

    private static List<VariableMatchConfig> Variables(YamlMap map, ref int conditionGroups)
    {
        var items = map.Value("variable") switch
        {
            null => [],
            { Map: { } one } => [one],
            { Sequence: { } many } => many.Select(v => v.Map ?? throw v.Error("expected a mapping with name and pattern")).ToList(),
            var other => throw other.Error("expected a mapping with name and pattern, or a list of them"),
        };

        var list = new List<VariableMatchConfig>();
        foreach (var item in items)
        {
            var name = item.RequiredString("name");
            if (!ServerVariables.IsKnown(name))
            {
                throw item.Error("name", $"'{name}' is not a server variable (HTTP_<HEADER> or one of: {string.Join(", ", ServerVariables.Names.Order(StringComparer.Ordinal))})");
            }

            var pattern = item.RequiredString("pattern");
            var ignoreCase = item.Bool("ignoreCase", true);
            var negate = item.Bool("negate", false);
            var groups = Compile(item, "pattern", pattern, ignoreCase).GetGroupNumbers().Length;
            if (!negate)
            {
                conditionGroups = groups;
            }

            item.RejectUnknownKeys();
            list.Add(new VariableMatchConfig { Name = name.ToUpperInvariant(), Pattern = pattern, Negate = negate, IgnoreCase = ignoreCase });
        }

        return list;
    }

    /// <summary>A scalar or a list of scalars, each checked by <paramref name="check"/>.</summary>
    internal static List<string> Texts(YamlMap map, string key, Func<YamlValue, string, string> check)
    {
        if (map.Value(key) is not { } value)
        {
            return [];
        }

        IReadOnlyList<YamlValue> items = value.Sequence ?? [value];
        return [.. items.Select(v => check(v, v.RequiredScalar("a text value")))];
    }

    private static string Network(YamlValue value, string text)
    {
        try
        {
            _ = Conditions.ParseNetwork(text);
            return text;
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            throw value.Error($"'{text}' is not an address or CIDR network (10.0.0.0/8)");
        }
    }

    private static Regex Compile(YamlMap map, string key, string pattern, bool ignoreCase)
    {
        try
        {
            return RuleRegex.Create(pattern, ignoreCase);
        }
        catch (ArgumentException e)
        {
            throw map.Error(key, $"bad regex: {e.Message}");
        }
    }
}
