using System.CommandLine;

namespace Flotilla.Cli.Commands;

/// <summary>
/// A word after a command group (<c>flotilla aply</c>, <c>flotilla vm lsit</c>) that names none of its commands.
/// System.CommandLine reports it as <c>Required command was not provided.</c>, and its own typo suggestions
/// (<c>ParseErrorAction.ShowTypoCorrections</c>) are private and print several localized lines; so the nearest
/// command is found here, for every group at once, by edit distance with transpositions (<c>lsit</c> is one edit
/// from <c>list</c>, as people mistype).
/// </summary>
internal sealed record UnknownCommand(string Group, string Word, IReadOnlyList<string> Suggestions)
{
    /// <summary>The unknown word after the group the parse stopped in; null when the error is another one.</summary>
    public static UnknownCommand? Find(ParseResult parse)
    {
        var group = parse.CommandResult.Command;
        // A group that also takes arguments (loadtest URL) would have taken the word as one.
        if (group.Subcommands.Count == 0 || group.Arguments.Count > 0) return null;
        var word = parse.UnmatchedTokens.FirstOrDefault(t => !t.StartsWith('-'));
        if (word is null) return null;
        var near = group.Subcommands.Where(c => !c.Hidden)
            .Select(c => (c.Name, Distance: c.Aliases.Prepend(c.Name).Where(w => Close(word, w)).Select(w => Distance(word, w)).DefaultIfEmpty(int.MaxValue).Min()))
            .Where(c => c.Distance != int.MaxValue).ToList();
        var best = near.Where(c => c.Distance == near.Min(n => n.Distance)).Select(c => c.Name).ToList();
        return new UnknownCommand(Path(parse.CommandResult), word, best);
    }

    /// <summary>
    /// <c>unknown command 'vm lsit'; did you mean 'vm list'?</c>: the whole command as typed, so the line says where
    /// (docs/cli.md#errors-and-exit-codes); with nothing near, where the list is.
    /// </summary>
    public string Message
    {
        get
        {
            var typed = Prefixed(Word);
            if (Suggestions.Count == 0) return $"unknown command '{typed}' (flotilla {Prefixed("--help")} lists them)";
            return $"unknown command '{typed}'; did you mean {string.Join(" or ", Suggestions.Select(s => $"'{Prefixed(s)}'"))}?";
        }
    }

    private string Prefixed(string word) => Group.Length == 0 ? word : $"{Group} {word}";

    /// <summary>The group's words after <c>flotilla</c>: <c>nsg rule</c>; empty for the root.</summary>
    private static string Path(System.CommandLine.Parsing.CommandResult result)
    {
        var words = new List<string>();
        for (var r = result; r is not null && r.Command is not RootCommand; r = r.Parent as System.CommandLine.Parsing.CommandResult) words.Add(r.Command.Name);
        words.Reverse();
        return string.Join(' ', words);
    }

    /// <summary>At most two edits, and fewer than half the longer word: <c>ad</c> is <c>add</c>, <c>ls</c> is not <c>lb</c>.</summary>
    private static bool Close(string word, string command) =>
        Distance(word, command) is var distance && distance <= 2 && distance * 2 < Math.Max(word.Length, command.Length);

    /// <summary>Optimal string alignment distance, ignoring case: insertions, deletions, substitutions and adjacent swaps cost one.</summary>
    internal static int Distance(string a, string b)
    {
        (a, b) = (a.ToLowerInvariant(), b.ToLowerInvariant());
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        }
        return d[a.Length, b.Length];
    }
}
