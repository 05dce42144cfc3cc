using System.Globalization;

namespace Flotilla.Core.Stacks;

/// <summary>Orders names with a numeric tail by its value, so <c>web-2</c> comes before <c>web-10</c>.</summary>
public sealed class NaturalNameComparer : IComparer<string>
{
    public static readonly NaturalNameComparer Instance = new();

    public int Compare(string? x, string? y)
    {
        var (xs, xn) = Split(x ?? "");
        var (ys, yn) = Split(y ?? "");
        var stems = string.CompareOrdinal(xs, ys);
        return stems != 0 ? stems : xn.CompareTo(yn);
    }

    private static (string Stem, long Number) Split(string name)
    {
        var i = name.Length;
        while (i > 0 && char.IsAsciiDigit(name[i - 1])) i--;
        return i == name.Length || name.Length - i > 18
            ? (name, -1)
            : (name[..i], long.Parse(name[i..], CultureInfo.InvariantCulture));
    }
}
