namespace Flotilla.Core.Security;

/// <summary>The IP protocol a rule matches (Azure's <c>*</c> is <see cref="Any"/>).</summary>
public enum RuleProtocol
{
    Any,
    Tcp,
    Udp,
    Icmp,
}
