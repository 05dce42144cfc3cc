using System.Globalization;
using System.Text.RegularExpressions;

namespace Flotilla.Core.Stacks;

/// <summary>
/// How a pool member names VMs: <c>web[*]</c> (every instance of the item <c>web</c>), <c>web[2]</c> (its instance 2,
/// that is <c>web-2</c>), or a VM's own name (<c>web-2</c>, or <c>db</c> for an item without <c>count</c>).
/// </summary>
public sealed partial record VmReference(string Text, string Name, int? Index, bool All)
{
    [GeneratedRegex(@"^(?<name>[^\[\]]+)\[(?<sel>\*|\d{1,4})\]$")]
    private static partial Regex Indexed();

    /// <returns>Null when the text has brackets that are neither <c>[*]</c> nor <c>[N]</c>.</returns>
    public static VmReference? TryParse(string text)
    {
        var trimmed = text.Trim();
        if (!trimmed.Contains('[', StringComparison.Ordinal) && !trimmed.Contains(']', StringComparison.Ordinal))
        {
            return new VmReference(trimmed, trimmed, null, false);
        }

        var match = Indexed().Match(trimmed);
        if (!match.Success)
        {
            return null;
        }

        var selector = match.Groups["sel"].Value;
        return selector == "*"
            ? new VmReference(trimmed, match.Groups["name"].Value, null, true)
            : new VmReference(trimmed, match.Groups["name"].Value, int.Parse(selector, CultureInfo.InvariantCulture), false);
    }

    public override string ToString() => Text;
}
