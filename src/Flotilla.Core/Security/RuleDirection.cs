namespace Flotilla.Core.Security;

/// <summary>Which traffic a rule judges, seen from the VM: <see cref="Inbound"/> to it, <see cref="Outbound"/> from it.</summary>
public enum RuleDirection
{
    Inbound,
    Outbound,
}
