using System.Text;

namespace Flotilla.Cli.Commands.Output;

/// <summary>
/// Columns padded with spaces (as <c>virsh list</c>, <c>kubectl get</c>): no box drawing and no
/// colour, so a table reads the same on a terminal and in a CI log.
/// </summary>
internal static class TextTable
{
    private const string Gap = "   ";

    /// <summary>A header line, then a line per row; the last column is not padded.</summary>
    public static string Render(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        var all = new List<IReadOnlyList<string>> { header };
        all.AddRange(rows);
        var widths = header.Select((_, i) => all.Max(row => i < row.Count ? row[i].Length : 0)).ToArray();
        var text = new StringBuilder();
        foreach (var row in all)
        {
            var line = new StringBuilder();
            for (var i = 0; i < widths.Length; i++)
            {
                var cell = i < row.Count ? row[i] : "";
                line.Append(i == widths.Length - 1 ? cell : cell.PadRight(widths[i]) + Gap);
            }
            text.Append(line.ToString().TrimEnd()).Append('\n');
        }
        return text.ToString();
    }

    /// <summary><c>name:   value</c> lines, the values aligned.</summary>
    public static string Fields(IEnumerable<(string Name, string Value)> fields)
    {
        var list = fields.ToList();
        var width = list.Max(f => f.Name.Length) + 1;
        var text = new StringBuilder();
        foreach (var (name, value) in list) text.Append((name + ":").PadRight(width)).Append(' ').Append(value).Append('\n');
        return text.ToString();
    }
}
