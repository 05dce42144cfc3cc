namespace Flotilla.Core.Security;

/// <summary>
/// The ports a rule matches: any (<c>*</c>), or a list of ports and ranges written <c>80,443,8000-8080</c>
/// (Azure's <c>destinationPortRange</c> and <c>destinationPortRanges</c> in one field).
/// </summary>
public sealed record PortRanges
{
    public static readonly PortRanges Any = new([]);

    /// <param name="ranges">Empty means any port.</param>
    public PortRanges(IReadOnlyList<PortRange> ranges) => Ranges = ranges;

    /// <summary>The listed ranges in the order written; empty for any port.</summary>
    public IReadOnlyList<PortRange> Ranges { get; }

    public bool IsAny => Ranges.Count == 0 || Ranges.Any(r => r is { From: 0, To: PortRange.MaxPort });

    public static PortRanges Of(params PortRange[] ranges) => new(ranges);

    /// <exception cref="FormatException">Not <c>*</c>, a port, a range or a comma-separated list of them.</exception>
    public static PortRanges Parse(string text)
    {
        var trimmed = text.Trim();
        if (trimmed is "*" || trimmed.Equals("any", StringComparison.OrdinalIgnoreCase)) return Any;
        var ranges = new List<PortRange>();
        foreach (var part in trimmed.Split(',', StringSplitOptions.TrimEntries))
        {
            ranges.Add(PortRange.TryParse(part) ?? throw new FormatException(
                $"'{text}' is not a port range: use *, a port (80), a range (8000-8080) or a list (80,443) of ports 0-65535"));
        }
        return new PortRanges(ranges);
    }

    public bool Equals(PortRanges? other) => other is not null && Ranges.SequenceEqual(other.Ranges);

    public override int GetHashCode() => Ranges.Aggregate(0, (hash, range) => HashCode.Combine(hash, range));

    public override string ToString() => Ranges.Count == 0 ? "*" : string.Join(',', Ranges);
}
