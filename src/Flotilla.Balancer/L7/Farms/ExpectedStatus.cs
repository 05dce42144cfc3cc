using System.Globalization;

namespace Flotilla.Balancer.L7.Farms;

/// <summary>
/// The status codes an active probe accepts, from <see cref="FarmMetadata.ExpectStatus"/>:
/// comma-separated codes and inclusive ranges (<c>200</c>, <c>200-399</c>, <c>200,204,300-302</c>).
/// The default, like ARR's, is 200-399.
/// </summary>
internal sealed class ExpectedStatus
{
    public static readonly ExpectedStatus Default = new([(200, 399)]);

    private readonly (int Low, int High)[] _ranges;

    private ExpectedStatus((int Low, int High)[] ranges) => _ranges = ranges;

    /// <summary>Null when <paramref name="text"/> is not a list of codes and ranges between 100 and 599.</summary>
    public static ExpectedStatus? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Default;
        }

        var ranges = new List<(int, int)>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var dash = part.IndexOf('-', StringComparison.Ordinal);
            var lowText = dash < 0 ? part : part[..dash];
            var highText = dash < 0 ? part : part[(dash + 1)..];
            if (!TryCode(lowText, out var low) || !TryCode(highText, out var high) || high < low)
            {
                return null;
            }

            ranges.Add((low, high));
        }

        return ranges.Count == 0 ? null : new ExpectedStatus([.. ranges]);
    }

    public bool Matches(int status)
    {
        foreach (var (low, high) in _ranges)
        {
            if (status >= low && status <= high)
            {
                return true;
            }
        }

        return false;
    }

    private static bool TryCode(string text, out int code) =>
        int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out code) && code is >= 100 and <= 599;
}
