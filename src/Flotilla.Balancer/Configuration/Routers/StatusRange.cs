using System.Globalization;

namespace Flotilla.Balancer.Configuration.Routers;

/// <summary>An expected HTTP status: one code (<c>200</c>) or an inclusive range (<c>200-399</c>).</summary>
public readonly record struct StatusRange(int From, int To)
{
    public static bool TryParse(string text, out StatusRange range)
    {
        var parts = text.Split('-', 2);
        range = default;
        if (!int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var from))
        {
            return false;
        }

        var to = from;
        if (parts.Length == 2 && !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out to))
        {
            return false;
        }

        range = new StatusRange(from, to);
        return from is >= 100 and <= 599 && to is >= 100 and <= 599 && from <= to;
    }

    public bool Contains(int status) => status >= From && status <= To;
}
