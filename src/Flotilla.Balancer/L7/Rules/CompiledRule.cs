using Flotilla.Balancer.L7.Actions;
using Microsoft.AspNetCore.Http;

namespace Flotilla.Balancer.L7.Rules;

/// <summary>A rule ready to test against requests: its conditions in cheap-first order and its action.</summary>
internal sealed class CompiledRule(string name, IReadOnlyList<RequestCondition> conditions, RuleAction action)
{
    public string Name { get; } = name;

    public RuleAction Action { get; } = action;

    /// <summary>Whether every condition holds; captures land in <paramref name="match"/>.</summary>
    public bool Matches(HttpContext context, RuleMatch match)
    {
        foreach (var condition in conditions)
        {
            if (!condition(context, match))
            {
                return false;
            }
        }

        return true;
    }
}
