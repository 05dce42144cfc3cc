namespace Flotilla.Core.Security;

/// <summary>
/// A rule as users write it (CLI flags, YAML, JSON): every field a string in Azure's notation, the ones left out
/// meaning any. <see cref="Parse"/> turns it into a checked <see cref="SecurityRule"/>.
/// </summary>
public sealed record SecurityRuleText
{
    public required string Name { get; init; }
    public required int Priority { get; init; }

    /// <summary><c>inbound</c> or <c>outbound</c>, any case.</summary>
    public required string Direction { get; init; }

    /// <summary><c>allow</c> or <c>deny</c>, any case.</summary>
    public required string Access { get; init; }

    /// <summary><c>tcp</c>, <c>udp</c>, <c>icmp</c> or <c>*</c> (also <c>any</c>), any case.</summary>
    public string Protocol { get; init; } = "*";
    public string SourcePortRange { get; init; } = "*";
    public string DestinationPortRange { get; init; } = "*";
    public string SourceAddressPrefix { get; init; } = "*";
    public string DestinationAddressPrefix { get; init; } = "*";

    /// <summary>The same rule in canonical notation (e.g. for the API to return what it stored).</summary>
    public static SecurityRuleText From(SecurityRule rule) => new()
    {
        Name = rule.Name,
        Priority = rule.Priority,
        Direction = rule.Direction.ToString().ToLowerInvariant(),
        Access = rule.Access.ToString().ToLowerInvariant(),
        Protocol = rule.Protocol == RuleProtocol.Any ? "*" : rule.Protocol.ToString().ToLowerInvariant(),
        SourcePortRange = rule.SourcePortRange.ToString(),
        DestinationPortRange = rule.DestinationPortRange.ToString(),
        SourceAddressPrefix = rule.SourceAddressPrefix.ToString(),
        DestinationAddressPrefix = rule.DestinationAddressPrefix.ToString(),
    };

    /// <param name="group">The group the rule is for, named in errors.</param>
    /// <exception cref="SecurityRuleException">A field is malformed or the rule is invalid (<see cref="SecurityGroupValidator.ValidateRule"/>).</exception>
    public SecurityRule Parse(string group)
    {
        var rule = new SecurityRule
        {
            Name = Name,
            Priority = Priority,
            Direction = Word(group, RuleField.Direction, Direction, ("inbound", RuleDirection.Inbound), ("outbound", RuleDirection.Outbound)),
            Access = Word(group, RuleField.Access, Access, ("allow", RuleAccess.Allow), ("deny", RuleAccess.Deny)),
            Protocol = Word(group, RuleField.Protocol, Protocol, ("*", RuleProtocol.Any), ("any", RuleProtocol.Any), ("tcp", RuleProtocol.Tcp), ("udp", RuleProtocol.Udp), ("icmp", RuleProtocol.Icmp)),
            SourcePortRange = Field(group, RuleField.SourcePortRange, () => PortRanges.Parse(SourcePortRange)),
            DestinationPortRange = Field(group, RuleField.DestinationPortRange, () => PortRanges.Parse(DestinationPortRange)),
            SourceAddressPrefix = Field(group, RuleField.SourceAddressPrefix, () => AddressPrefixes.Parse(SourceAddressPrefix)),
            DestinationAddressPrefix = Field(group, RuleField.DestinationAddressPrefix, () => AddressPrefixes.Parse(DestinationAddressPrefix)),
        };
        SecurityGroupValidator.ValidateRule(group, rule);
        return rule;
    }

    private T Word<T>(string group, RuleField field, string text, params (string Word, T Value)[] choices)
    {
        foreach (var (word, value) in choices)
        {
            if (word.Equals(text.Trim(), StringComparison.OrdinalIgnoreCase)) return value;
        }
        throw new SecurityRuleException(group, Name, field, $"'{text}' is not one of {string.Join(", ", choices.Select(c => c.Word))}");
    }

    private T Field<T>(string group, RuleField field, Func<T> parse)
    {
        try
        {
            return parse();
        }
        catch (FormatException e)
        {
            throw new SecurityRuleException(group, Name, field, e.Message, e);
        }
    }
}
