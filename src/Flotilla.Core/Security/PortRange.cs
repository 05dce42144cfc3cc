using System.Globalization;

namespace Flotilla.Core.Security;

/// <summary>TCP or UDP ports <see cref="From"/> to <see cref="To"/>, both included; written <c>80</c> or <c>8000-8080</c>.</summary>
public readonly record struct PortRange
{
    public const int MaxPort = 65535;

    /// <exception cref="ArgumentOutOfRangeException">Not 0 ≤ from ≤ to ≤ 65535.</exception>
    public PortRange(int from, int to)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(from);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(to, MaxPort);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(from, to);
        From = from;
        To = to;
    }

    public int From { get; }
    public int To { get; }

    public static PortRange Single(int port) => new(port, port);

    /// <summary><c>80</c> or <c>8000-8080</c>; null when <paramref name="text"/> is neither.</summary>
    public static PortRange? TryParse(string text)
    {
        var dash = text.IndexOf('-', StringComparison.Ordinal);
        var first = dash < 0 ? text : text[..dash];
        var last = dash < 0 ? text : text[(dash + 1)..];
        return Port(first) is { } from && Port(last) is { } to && from <= to ? new PortRange(from, to) : null;
    }

    public override string ToString() => From == To
        ? From.ToString(CultureInfo.InvariantCulture)
        : string.Create(CultureInfo.InvariantCulture, $"{From}-{To}");

    private static int? Port(string text) =>
        text.Length is > 0 and <= 5 && text.All(char.IsAsciiDigit) && int.Parse(text, CultureInfo.InvariantCulture) is var port and <= MaxPort
            ? port
            : null;
}
