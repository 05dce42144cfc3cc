using System.Globalization;
using Flotilla.LoadTest.Execution;

namespace Flotilla.LoadTest.Scripting.Options;

/// <summary>
/// One object of the options tree with its path (<c>options.scenarios.api</c>), read with k6's types:
/// a value of the wrong type is a one-line <see cref="LoadTestInputException"/> naming the path.
/// A missing key and <c>null</c>/<c>undefined</c> both read as absent, as k6's JSON options do.
/// </summary>
internal sealed class OptionNode(string path, OrderedDictionary<string, object?> values)
{
    public string Path { get; } = path;

    public IEnumerable<string> Keys => values.Keys;

    public bool Has(string key) => values.TryGetValue(key, out var v) && v is not null;

    public static OptionNode Root(object? options) => options switch
    {
        null => new OptionNode("options", new OrderedDictionary<string, object?>()),
        OrderedDictionary<string, object?> map => new OptionNode("options", map),
        var other => throw new LoadTestInputException($"options: expected an object, got {PlainValues.Describe(other)}"),
    };

    public object? Raw(string key) => values.TryGetValue(key, out var v) ? v : null;

    public string At(string key) => $"{Path}.{key}";

    public bool? Bool(string key) => Raw(key) switch
    {
        null => null,
        bool b => b,
        var other => throw WrongType(key, "a boolean", other),
    };

    public string? String(string key) => Raw(key) switch
    {
        null => null,
        string s => s,
        var other => throw WrongType(key, "a string", other),
    };

    public double? Number(string key) => Raw(key) switch
    {
        null => null,
        double d when double.IsFinite(d) => d,
        var other => throw WrongType(key, "a number", other),
    };

    /// <summary>A whole number at least <paramref name="min"/>.</summary>
    public long? Whole(string key, long min)
    {
        if (Number(key) is not { } d) return null;
        if (d != Math.Floor(d) || d > long.MaxValue) throw WrongType(key, "a whole number", d);
        if (d < min) throw new LoadTestInputException($"{At(key)}: must be at least {min}, got {d.ToString(CultureInfo.InvariantCulture)}");
        return (long)d;
    }

    public int? Int(string key, int min, int max = int.MaxValue)
    {
        if (Whole(key, min) is not { } n) return null;
        if (n > max) throw new LoadTestInputException($"{At(key)}: must be at most {max:N0}, got {n}");
        return (int)n;
    }

    /// <summary>A k6 duration: a string such as <c>30s</c> or <c>1m30s</c>, or a number of milliseconds.</summary>
    public TimeSpan? Duration(string key) => Raw(key) switch
    {
        null => null,
        string s => DurationText.TryParse(s, out var d) ? d
            : throw new LoadTestInputException($"{At(key)}: '{s}' is not a duration (examples: 10s, 1m30s, 500ms)"),
        double ms when double.IsFinite(ms) && ms >= 0 && ms < 1e10 => TimeSpan.FromMilliseconds(ms),
        var other => throw WrongType(key, "a duration (such as '30s')", other),
    };

    public OptionNode? Object(string key) => Raw(key) switch
    {
        null => null,
        OrderedDictionary<string, object?> map => new OptionNode(At(key), map),
        var other => throw WrongType(key, "an object", other),
    };

    public IReadOnlyList<object?>? Array(string key) => Raw(key) switch
    {
        null => null,
        List<object?> list => list,
        var other => throw WrongType(key, "an array", other),
    };

    /// <summary>The element at <paramref name="index"/> of an array under <paramref name="key"/>, as an object.</summary>
    public OptionNode Element(string key, int index, object? element) => element switch
    {
        OrderedDictionary<string, object?> map => new OptionNode($"{At(key)}[{index}]", map),
        var other => throw new LoadTestInputException($"{At(key)}[{index}]: expected an object, got {PlainValues.Describe(other)}"),
    };

    public LoadTestInputException WrongType(string key, string expected, object? got) =>
        new($"{At(key)}: expected {expected}, got {PlainValues.Describe(got)}");
}
