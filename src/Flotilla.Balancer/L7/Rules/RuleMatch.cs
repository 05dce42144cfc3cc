namespace Flotilla.Balancer.L7.Rules;

/// <summary>
/// What a matching rule captured, for its templates: the path match's groups (<c>{R:n}</c>;
/// for a prefix, 0 is the path and 1 the rest after the prefix) and the last regex condition's
/// (<c>{C:n}</c>).
/// </summary>
internal sealed class RuleMatch
{
    public IReadOnlyList<string>? RuleGroups { get; set; }

    public IReadOnlyList<string>? ConditionGroups { get; set; }
}
