namespace Flotilla.Balancer.L7.Rules;

/// <summary>A host name, exact or <c>*.example.com</c> (any one or more labels before the suffix), compared without case.</summary>
internal readonly record struct HostPattern(string Suffix, bool Wildcard)
{
    public static HostPattern Parse(string text) =>
        text.StartsWith("*.", StringComparison.Ordinal) ? new(text[1..], true) : new(text, false);

    public bool Matches(string host) => Wildcard
        ? host.Length > Suffix.Length && host.EndsWith(Suffix, StringComparison.OrdinalIgnoreCase)
        : string.Equals(host, Suffix, StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether a text is a host name or wildcard we accept in config.</summary>
    public static bool IsValid(string text)
    {
        var name = text.StartsWith("*.", StringComparison.Ordinal) ? text[2..] : text;
        return name.Length > 0 && Uri.CheckHostName(name) is UriHostNameType.Dns or UriHostNameType.IPv4 or UriHostNameType.IPv6;
    }
}
