namespace Flotilla.Balancer.L7.Farms;

/// <summary>The request property a <see cref="HashKeySource"/> reads.</summary>
internal enum HashKeyKind
{
    Url,
    Query,
    Header,
    ServerVariable,
}
