using Flotilla.LoadTest.Thresholds;

namespace Flotilla.LoadTest.Scripting.Options;

/// <summary>
/// Reads a script's <c>options</c> (as <see cref="PlainValues"/>) into <see cref="K6Options"/>.
/// Options flotilla does not honour but a user would expect to act are listed in
/// <see cref="K6Options.Notes"/>; others (tags, summary settings, cloud settings) are ignored as
/// they change nothing here.
/// </summary>
internal static class K6OptionsReader
{
    private static readonly string[] NotHonoured =
    [
        "rps", "batchPerHost", "hosts", "dns", "tlsAuth", "tlsVersion", "tlsCipherSuites", "blockHostnames",
        "blacklistIPs", "localIPs", "throw", "minIterationDuration", "noVUConnectionReuse", "noCookiesReset",
        "setupTimeout", "teardownTimeout",
    ];

    public static K6Options Read(object? options)
    {
        var root = OptionNode.Root(options);
        var stages = root.Has("stages") ? K6ScenarioReader.Stages(root, "stages") : null;
        var scenarios = root.Object("scenarios") is { } s ? K6ScenarioReader.Read(s) : null;
        return new K6Options
        {
            Vus = root.Int("vus", 0, K6ScenarioReader.MaxVus),
            Duration = root.Duration("duration"),
            Iterations = root.Whole("iterations", 0),
            Stages = stages,
            Scenarios = scenarios,
            Thresholds = root.Object("thresholds") is { } t ? Thresholds(t) : [],
            InsecureSkipTlsVerify = root.Bool("insecureSkipTLSVerify") ?? false,
            NoConnectionReuse = root.Bool("noConnectionReuse") ?? false,
            DiscardResponseBodies = root.Bool("discardResponseBodies") ?? false,
            UserAgent = root.String("userAgent"),
            MaxRedirects = root.Int("maxRedirects", 0, 1000) ?? 10,
            Batch = root.Int("batch", 1, 10_000) ?? 20,
            Notes = NotHonoured.Where(root.Has).Select(key => $"{root.At(key)} is not supported by flotilla loadtest and is ignored").ToList(),
        };
    }

    /// <summary>
    /// <c>{ metric: 'expr' | ['expr', { threshold: 'expr', abortOnFail: true }] }</c>, as k6 takes them.
    /// </summary>
    private static List<ThresholdDefinition> Thresholds(OptionNode thresholds)
    {
        var list = new List<ThresholdDefinition>();
        foreach (var metric in thresholds.Keys)
        {
            switch (thresholds.Raw(metric))
            {
                case null:
                    break;
                case string expression:
                    list.Add(new ThresholdDefinition(metric, expression));
                    break;
                case List<object?> items:
                    for (var i = 0; i < items.Count; i++)
                    {
                        list.Add(items[i] switch
                        {
                            string expression => new ThresholdDefinition(metric, expression),
                            OrderedDictionary<string, object?> map => Detailed(metric, new OptionNode($"{thresholds.At(metric)}[{i}]", map)),
                            var other => throw new LoadTestInputException(
                                $"{thresholds.At(metric)}[{i}]: expected a string such as 'p(95)<500' or {{ threshold, abortOnFail }}, got {PlainValues.Describe(other)}"),
                        });
                    }
                    break;
                case var other:
                    throw thresholds.WrongType(metric, "an array of threshold expressions", other);
            }
        }
        return list;

        static ThresholdDefinition Detailed(string metric, OptionNode node) => new(
            metric,
            node.String("threshold") ?? throw new LoadTestInputException($"{node.At("threshold")}: required"),
            node.Bool("abortOnFail") ?? false);
    }
}
