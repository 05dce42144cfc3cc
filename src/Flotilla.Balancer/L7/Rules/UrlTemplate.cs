using System.Text;
using Microsoft.AspNetCore.Http;

namespace Flotilla.Balancer.L7.Rules;

/// <summary>
/// ARR's substitution syntax for rewrite and redirect targets: <c>{R:n}</c> is group n of the
/// rule's path match, <c>{C:n}</c> group n of its last regex condition, <c>{NAME}</c> a server
/// variable (<c>{HTTP_HOST}</c>, <c>{REQUEST_URI}</c>, …). Parsed once when the config is read,
/// so a reference to a group the pattern does not have is a config error, not a runtime blank.
/// </summary>
internal sealed class UrlTemplate
{
    private readonly IReadOnlyList<Part> _parts;

    private UrlTemplate(IReadOnlyList<Part> parts, string text)
    {
        _parts = parts;
        Text = text;
    }

    public string Text { get; }

    /// <summary>Parses <paramref name="text"/>; <paramref name="ruleGroups"/> and <paramref name="conditionGroups"/> are how many groups (0 included) each source has.</summary>
    /// <exception cref="FormatException">The problem, in words for a config error.</exception>
    public static UrlTemplate Parse(string text, int ruleGroups, int conditionGroups)
    {
        var parts = new List<Part>();
        var literal = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '{')
            {
                literal.Append(text[i]);
                continue;
            }

            var end = text.IndexOf('}', i);
            if (end < 0)
            {
                throw new FormatException($"'{{' at {i} has no closing '}}'");
            }

            if (literal.Length > 0)
            {
                parts.Add(new Part(PartKind.Literal, literal.ToString(), 0));
                literal.Clear();
            }

            parts.Add(Reference(text[(i + 1)..end], ruleGroups, conditionGroups));
            i = end;
        }

        if (literal.Length > 0)
        {
            parts.Add(new Part(PartKind.Literal, literal.ToString(), 0));
        }

        return new UrlTemplate(parts, text);
    }

    private static Part Reference(string name, int ruleGroups, int conditionGroups)
    {
        if (name.Length > 2 && name[1] == ':' && (name[0] is 'R' or 'r' or 'C' or 'c'))
        {
            var rule = name[0] is 'R' or 'r';
            if (!int.TryParse(name.AsSpan(2), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var group))
            {
                throw new FormatException($"'{{{name}}}': expected a group number after '{name[..2]}'");
            }

            var available = rule ? ruleGroups : conditionGroups;
            if (group >= available)
            {
                throw new FormatException(available == 0
                    ? $"'{{{name}}}': the rule has no {(rule ? "path regex or prefix" : "regex condition")} to take groups from"
                    : $"'{{{name}}}': the {(rule ? "path match" : "last regex condition")} has groups 0..{available - 1}");
            }

            return new Part(rule ? PartKind.RuleGroup : PartKind.ConditionGroup, name, group);
        }

        return ServerVariables.IsKnown(name)
            ? new Part(PartKind.Variable, name, 0)
            : throw new FormatException($"'{{{name}}}' is neither {{R:n}}, {{C:n}} nor a server variable");
    }

    public string Render(HttpContext context, RuleMatch match)
    {
        var text = new StringBuilder();
        foreach (var part in _parts)
        {
            text.Append(part.Kind switch
            {
                PartKind.Literal => part.Text,
                PartKind.RuleGroup => Group(match.RuleGroups, part.Group),
                PartKind.ConditionGroup => Group(match.ConditionGroups, part.Group),
                _ => ServerVariables.Get(context, part.Text),
            });
        }

        return text.ToString();
    }

    private static string Group(IReadOnlyList<string>? groups, int index) =>
        groups is not null && index < groups.Count ? groups[index] : "";

    private enum PartKind
    {
        Literal,
        RuleGroup,
        ConditionGroup,
        Variable,
    }

    private sealed record Part(PartKind Kind, string Text, int Group);
}
