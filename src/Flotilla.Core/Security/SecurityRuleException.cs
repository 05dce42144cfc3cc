namespace Flotilla.Core.Security;

/// <summary>
/// A security rule a user wrote is wrong. The message is one line naming the group, the rule and the field,
/// e.g. <c>nsg 'web' rule 'deny-http': priority: 99 is outside 100–4096</c>.
/// </summary>
public sealed class SecurityRuleException : Exception
{
    public SecurityRuleException(string group, string rule, RuleField field, string problem, Exception? inner = null)
        : base($"nsg '{group}' rule '{rule}': {FieldName(field)}: {problem}", inner)
    {
        Group = group;
        Rule = rule;
        Field = field;
        Problem = problem;
    }

    public string Group { get; }
    public string Rule { get; }
    public RuleField Field { get; }
    public string Problem { get; }

    /// <summary>The field as the API and Azure spell it, e.g. <c>destinationPortRange</c>.</summary>
    public static string FieldName(RuleField field)
    {
        var name = field.ToString();
        return char.ToLowerInvariant(name[0]) + name[1..];
    }
}
