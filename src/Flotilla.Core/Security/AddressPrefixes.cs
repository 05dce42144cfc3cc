namespace Flotilla.Core.Security;

/// <summary>
/// A rule's source or destination: any (<c>*</c>) or a comma-separated list of addresses, CIDRs and service tags
/// (Azure's <c>sourceAddressPrefix</c> and <c>sourceAddressPrefixes</c> in one field). A list matches their union.
/// </summary>
public sealed record AddressPrefixes
{
    public static readonly AddressPrefixes Any = new([]);

    /// <param name="prefixes">Empty means any address.</param>
    public AddressPrefixes(IReadOnlyList<AddressPrefix> prefixes) => Prefixes = prefixes;

    public IReadOnlyList<AddressPrefix> Prefixes { get; }

    public bool IsAny => Prefixes.Count == 0 || Prefixes.Any(p => p.IsAny);

    public static AddressPrefixes Of(params AddressPrefix[] prefixes) => new(prefixes);

    public static AddressPrefixes Of(ServiceTag tag) => new([AddressPrefix.For(tag)]);

    /// <exception cref="FormatException">An entry is not an address prefix (<see cref="AddressPrefix.Parse"/>).</exception>
    public static AddressPrefixes Parse(string text)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Any(p => p.Length == 0)) throw new FormatException($"'{text}' has an empty entry: write a comma-separated list such as 10.0.0.0/24,VirtualNetwork");
        var prefixes = parts.Select(AddressPrefix.Parse).ToList();
        return prefixes.Any(p => p.IsAny) ? Any : new AddressPrefixes(prefixes);
    }

    public bool Equals(AddressPrefixes? other) => other is not null && Prefixes.SequenceEqual(other.Prefixes);

    public override int GetHashCode() => Prefixes.Aggregate(0, (hash, prefix) => HashCode.Combine(hash, prefix));

    public override string ToString() => Prefixes.Count == 0 ? "*" : string.Join(',', Prefixes);
}
