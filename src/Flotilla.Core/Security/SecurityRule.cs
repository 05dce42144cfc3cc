namespace Flotilla.Core.Security;

/// <summary>
/// One rule of a network security group, with Azure's fields. Of a group's rules for one direction, the lowest
/// <see cref="Priority"/> that matches a new flow decides it (first match wins); replies to an allowed flow always pass.
/// Built from what a user wrote by <see cref="SecurityRuleText"/>, checked by <see cref="SecurityGroupValidator"/>.
/// </summary>
public sealed record SecurityRule
{
    /// <summary>The range of priorities users may give; the default rules sit above it (65000–65500).</summary>
    public const int MinPriority = 100;
    public const int MaxPriority = 4096;

    public required string Name { get; init; }
    public required int Priority { get; init; }
    public required RuleDirection Direction { get; init; }
    public required RuleAccess Access { get; init; }
    public RuleProtocol Protocol { get; init; } = RuleProtocol.Any;
    public PortRanges SourcePortRange { get; init; } = PortRanges.Any;

    /// <summary>The ports the flow goes to: the VM's own for an inbound rule, the remote ones for outbound.</summary>
    public PortRanges DestinationPortRange { get; init; } = PortRanges.Any;
    public AddressPrefixes SourceAddressPrefix { get; init; } = AddressPrefixes.Any;
    public AddressPrefixes DestinationAddressPrefix { get; init; } = AddressPrefixes.Any;

    /// <summary>One of the rules every group ends with (<see cref="DefaultSecurityRules"/>); users cannot change or remove them.</summary>
    public bool IsDefault => Priority > MaxPriority;
}
