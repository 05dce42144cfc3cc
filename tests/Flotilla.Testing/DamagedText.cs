using System.Text;
using System.Text.RegularExpressions;

namespace Flotilla.Testing;

/// <summary>
/// A good input file damaged the ways a hand edit or a bad copy damages one: a line dropped, duplicated or
/// re-indented, a bracket left open, a value of the wrong type, a huge number, binary bytes, a truncation,
/// stray syntax. The same seed always gives the same damage, so a failing case is replayed by its seed;
/// <see cref="Steps"/> says what was done.
/// </summary>
public sealed partial class DamagedText
{
    private static readonly string[] WrongValues =
    [
        "[a, b]", "{ x: 1 }", "- a", "''", "~", "-1", "0", "true", "\"\"", "&a x", "*a", "!!binary AAAA", "!!int x",
        "[[\"x\"]", "|", ">-", "{ a: [b, { c", "? x", "x: y: z", "\"unterminated", "'it''s", "null", "[]", "{}",
    ];

    private static readonly string[] HugeNumbers =
    [
        "99999999999999999999", "2147483648", "-2147483649", "9223372036854775808", "1e309", "0x7fffffffffffffff",
        "NaN", "-0", "000000000000000000001", "1_000", "4294967296", "18446744073709551616",
    ];

    private static readonly char[] BinaryChars = ['\0', '\u0001', '\u0007', '\u001b', '\u007f', '\ufeff', '\ufffd', '\ufffe', '\t', '\r', '\u0085', '\u2028'];

    private static readonly string[] SyntaxNoise =
    [
        "---", "...", "%YAML 1.2\n", "? ", ": ", "- ", "&", "*", "!", "|", ">", "#", "\"", "'", "`", "{{", "}}", "]]", "[[",
        "${", "/*", "*/", "\\", "<<: *a", "!<tag:x>", "@", "%", ",", "[", "{", "]", "}",
    ];

    private DamagedText(string text, IReadOnlyList<string> steps)
    {
        Text = text;
        Steps = steps;
    }

    public string Text { get; }

    /// <summary>What was done, in order, e.g. <c>drop line 12</c>.</summary>
    public IReadOnlyList<string> Steps { get; }

    public override string ToString() => string.Join("; ", Steps);

    /// <summary>One to three kinds of damage chosen by <paramref name="seed"/>.</summary>
    public static DamagedText From(string text, int seed)
    {
        var random = new Random(seed);
        var steps = new List<string>();
        for (var count = random.Next(1, 4); count > 0; count--)
        {
            text = Damage(text, random, steps);
        }

        return new DamagedText(text, steps);
    }

    private static string Damage(string text, Random random, List<string> steps)
    {
        var lines = text.Split('\n').ToList();
        var line = random.Next(lines.Count);
        switch (random.Next(9))
        {
            case 0:
                steps.Add($"drop line {line + 1}");
                lines.RemoveAt(line);
                break;
            case 1:
                steps.Add($"duplicate line {line + 1}");
                lines.Insert(line, lines[line]);
                break;
            case 2:
                var indent = random.Next(3) switch { 0 => "\t", 1 => new string(' ', random.Next(1, 5)), _ => "" };
                steps.Add(indent.Length == 0 ? $"dedent line {line + 1}" : $"indent line {line + 1} by '{indent}'");
                lines[line] = indent.Length == 0 ? lines[line].TrimStart() : indent + lines[line];
                break;
            case 3:
                return Unclose(text, random, steps);
            case 4:
                var colon = lines[line].IndexOf(": ", StringComparison.Ordinal);
                var value = WrongValues[random.Next(WrongValues.Length)];
                steps.Add($"line {line + 1}'s value becomes {value}");
                lines[line] = colon < 0 ? $"{lines[line]}: {value}" : lines[line][..(colon + 2)] + value;
                break;
            case 5:
                var numbers = Number().Matches(text);
                if (numbers.Count == 0) goto case 7;
                var number = numbers[random.Next(numbers.Count)];
                var huge = HugeNumbers[random.Next(HugeNumbers.Length)];
                steps.Add($"number at {number.Index} becomes {huge}");
                return text[..number.Index] + huge + text[(number.Index + number.Length)..];
            case 6:
                var at = random.Next(text.Length + 1);
                var bytes = new StringBuilder();
                for (var n = random.Next(1, 9); n > 0; n--) bytes.Append(BinaryChars[random.Next(BinaryChars.Length)]);
                steps.Add($"{bytes.Length} binary characters at {at}");
                return text.Insert(at, bytes.ToString());
            case 7:
                var length = random.Next(text.Length + 1);
                steps.Add($"truncate at {length}");
                return text[..length];
            default:
                var noise = SyntaxNoise[random.Next(SyntaxNoise.Length)];
                var where = random.Next(text.Length + 1);
                steps.Add($"insert {noise.Trim()} at {where}");
                return text.Insert(where, noise);
        }

        return string.Join('\n', lines);
    }

    /// <summary>Drops a closing bracket, or opens one that never closes.</summary>
    private static string Unclose(string text, Random random, List<string> steps)
    {
        var closers = Enumerable.Range(0, text.Length).Where(i => text[i] is ']' or '}' or ')').ToList();
        if (closers.Count > 0 && random.Next(2) == 0)
        {
            var at = closers[random.Next(closers.Count)];
            steps.Add($"drop '{text[at]}' at {at}");
            return text.Remove(at, 1);
        }

        var openers = Enumerable.Range(0, text.Length).Where(i => text[i] is '[' or '{' or '(').ToList();
        var where = openers.Count > 0 ? openers[random.Next(openers.Count)] : random.Next(text.Length + 1);
        var opener = openers.Count > 0 ? text[where].ToString() : "[";
        steps.Add($"open another '{opener}' at {where}");
        return text.Insert(where, opener);
    }

    [GeneratedRegex("[0-9]+")]
    private static partial Regex Number();
}
