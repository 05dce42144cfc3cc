namespace Flotilla.Core.Security;

/// <summary>What a matching rule does with a new flow.</summary>
public enum RuleAccess
{
    Allow,
    Deny,
}
