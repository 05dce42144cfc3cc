using System.Globalization;
using System.Text.RegularExpressions;
using Flotilla.Core.Specs;

namespace Flotilla.Core.Stacks;

/// <summary>Reads <c>verify:</c>: the load tester's flags as keys (docs/loadtest.md), checked for shape only.</summary>
internal static partial class VerifyReader
{
    private static readonly string[] Profiles = ["smoke", "load", "stress"];

    [GeneratedRegex(@"^(\d+(\.\d+)?(h|ms|m|s|us|µs|ns))+$|^\d+(\.\d+)?$")]
    private static partial Regex Duration();

    [GeneratedRegex(@"^\d+(\.\d+)?(/s|/m)?$")]
    private static partial Regex Rate();

    [GeneratedRegex(@"^(avg|min|max|med|p\(\d+(\.\d+)?\)|rate|count|value)\s*(<=|>=|==|!=|<|>)\s*-?\d+(\.\d+)?$")]
    private static partial Regex Condition();

    public static VerifyDeclaration Read(YamlMap map)
    {
        var profile = map.OptionalString("profile");
        if (profile is not null && !Profiles.Contains(profile))
        {
            throw map.Error("profile", $"'{profile}' is not one of: {string.Join(", ", Profiles)}");
        }

        var duration = map.OptionalString("duration");
        if (duration is not null && !Duration().IsMatch(duration.Trim()))
        {
            throw map.Error("duration", $"'{duration}' is not a duration (examples: 10s, 1m30s, 500ms)");
        }

        var rate = map.OptionalString("rate");
        if (rate is not null && !Rate().IsMatch(rate.Trim()))
        {
            throw map.Error("rate", $"'{rate}' is not a rate (examples: 2000, 2000/s, 120/m)");
        }

        var verify = new VerifyDeclaration
        {
            Output = map.OptionalString("output") ?? "url",
            Profile = profile,
            Vus = map.OptionalInt("vus", 1, 1_000_000),
            Duration = duration,
            Rate = rate,
            NoConnectionReuse = map.Bool("noConnectionReuse", false),
            ExpectStatus = Texts(map, "expectStatus").Select(v => Status(v)).ToList(),
            ExpectBody = Texts(map, "expectBody").Select(v => v.Text).ToList(),
            Thresholds = map.OptionalMap("thresholds") is { } thresholds ? ReadThresholds(thresholds) : [],
            Origin = map.Origin(),
        };
        map.RejectUnknownKeys();
        return verify;
    }

    private static List<ThresholdDeclaration> ReadThresholds(YamlMap map)
    {
        var list = new List<ThresholdDeclaration>();
        foreach (var (metric, value) in map.Entries())
        {
            var conditions = value.Sequence is { } items ? items : [value];
            var texts = new List<string>();
            foreach (var item in conditions)
            {
                var text = item.RequiredScalar("a threshold such as rate<0.01 or p(95)<500").Trim();
                if (!Condition().IsMatch(text))
                {
                    throw item.Error($"'{text}' is not a threshold: write AGGREGATION OPERATOR NUMBER, e.g. rate<0.01, p(95)<500, avg<200");
                }

                texts.Add(text);
            }

            list.Add(new ThresholdDeclaration(metric, texts, value.Origin));
        }

        return list;
    }

    /// <summary>A key that takes one text or a list of them.</summary>
    private static IEnumerable<(string Text, YamlValue Value)> Texts(YamlMap map, string key)
    {
        if (map.Value(key) is not { } value)
        {
            return [];
        }

        var items = value.Sequence ?? [value];
        return items.Select(item => (item.RequiredScalar("a text"), item));
    }

    private static int Status((string Text, YamlValue Value) item) =>
        int.TryParse(item.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var status) && status is >= 100 and <= 599
            ? status
            : throw item.Value.Error($"'{item.Text}' is not an HTTP status (100..599)");
}
