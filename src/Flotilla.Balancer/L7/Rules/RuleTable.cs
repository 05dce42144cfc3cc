using Microsoft.AspNetCore.Http;

namespace Flotilla.Balancer.L7.Rules;

/// <summary>
/// A router's rules in config order. ARR's semantics: the first rule whose conditions all hold
/// decides, the rest are not looked at. Immutable: a reload builds a new table and swaps it in.
/// </summary>
internal sealed class RuleTable(IReadOnlyList<CompiledRule> rules)
{
    public IReadOnlyList<CompiledRule> Rules { get; } = rules;

    public (CompiledRule? Rule, RuleMatch Match) Find(HttpContext context)
    {
        foreach (var rule in Rules)
        {
            var match = new RuleMatch();
            if (rule.Matches(context, match))
            {
                return (rule, match);
            }
        }

        return (null, new RuleMatch());
    }
}
