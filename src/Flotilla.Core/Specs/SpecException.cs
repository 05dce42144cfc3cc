namespace Flotilla.Core.Specs;

/// <summary>
/// A spec file a user wrote is wrong. The message is one line: file, line, key and problem,
/// e.g. <c>lb.yaml:12:9: balancers[0].rules[0].backendPool: unknown pool 'vmz' (known: vms)</c>.
/// </summary>
public sealed class SpecException : Exception
{
    public SpecException(SpecLocation location, string key, string problem, Exception? inner = null)
        : base(Format(location, key, problem), inner)
    {
        Location = location;
        Key = key;
        Problem = problem;
    }

    public SpecLocation Location { get; }

    /// <summary>The path of the offending key, e.g. <c>balancers[0].rules[1].frontendPort</c>.</summary>
    public string Key { get; }

    public string Problem { get; }

    private static string Format(SpecLocation location, string key, string problem) =>
        key.Length == 0 ? $"{location}: {problem}" : $"{location}: {key}: {problem}";
}
