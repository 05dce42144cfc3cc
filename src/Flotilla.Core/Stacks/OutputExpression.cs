using System.Text;

namespace Flotilla.Core.Stacks;

/// <summary>
/// An output's value: text with <c>${REFERENCE}</c> parts, e.g. <c>http://${loadBalancers.web.frontend}:80/</c>;
/// <c>$${</c> writes a literal <c>${</c>. References are dotted paths (<see cref="OutputReferences"/> lists them);
/// unlike user data, an unknown reference is an error, since an output has no shell to pass it on to.
/// </summary>
public sealed record OutputExpression(string Text, IReadOnlyList<OutputPart> Parts)
{
    /// <exception cref="FormatException">An unterminated or empty <c>${</c>.</exception>
    public static OutputExpression Parse(string text)
    {
        var parts = new List<OutputPart>();
        var literal = new StringBuilder();
        var i = 0;
        while (i < text.Length)
        {
            if (string.CompareOrdinal(text, i, "$${", 0, 3) == 0)
            {
                literal.Append("${");
                i += 3;
            }
            else if (string.CompareOrdinal(text, i, "${", 0, 2) == 0)
            {
                var end = text.IndexOf('}', i + 2);
                if (end < 0) throw new FormatException($"'${{' at {i + 1} has no closing '}}'");
                var reference = text[(i + 2)..end].Trim();
                if (reference.Length == 0) throw new FormatException($"'${{}}' at {i + 1} names nothing");
                if (literal.Length > 0) parts.Add(new OutputPart(literal.ToString(), false));
                literal.Clear();
                parts.Add(new OutputPart(reference, true));
                i = end + 1;
            }
            else
            {
                literal.Append(text[i]);
                i++;
            }
        }

        if (literal.Length > 0) parts.Add(new OutputPart(literal.ToString(), false));
        return new OutputExpression(text, parts);
    }

    public IEnumerable<string> References => Parts.Where(p => p.IsReference).Select(p => p.Text);

    public override string ToString() => Text;
}
