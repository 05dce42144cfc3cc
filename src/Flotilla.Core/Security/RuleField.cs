namespace Flotilla.Core.Security;

/// <summary>The field of a rule an error is about; users see its camelCase name (<c>destinationPortRange</c>), as in the API and Azure.</summary>
public enum RuleField
{
    Name,
    Priority,
    Direction,
    Access,
    Protocol,
    SourcePortRange,
    DestinationPortRange,
    SourceAddressPrefix,
    DestinationAddressPrefix,
}
