using System.Text.RegularExpressions;

namespace Flotilla.Balancer.L7.Rules;

/// <summary>How every pattern in a router config is compiled: culture-invariant, and bounded in time so a pathological pattern cannot hold a request thread.</summary>
internal static class RuleRegex
{
    /// <summary>A match running longer than this counts as no match.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(100);

    /// <exception cref="ArgumentException">The pattern does not parse.</exception>
    public static Regex Create(string pattern, bool ignoreCase) =>
        new(pattern, RegexOptions.CultureInvariant | (ignoreCase ? RegexOptions.IgnoreCase : RegexOptions.None), Timeout);

    /// <summary>The match, or null when it fails or runs out of time.</summary>
    public static Match? Run(Regex regex, string input)
    {
        try
        {
            var match = regex.Match(input);
            return match.Success ? match : null;
        }
        catch (RegexMatchTimeoutException)
        {
            return null;
        }
    }

    public static string[] Groups(Match match) => [.. match.Groups.Cast<Group>().Select(g => g.Value)];
}
