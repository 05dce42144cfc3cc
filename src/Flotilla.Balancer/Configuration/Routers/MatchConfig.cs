namespace Flotilla.Balancer.Configuration.Routers;

/// <summary>
/// A rule's conditions; every one given must hold. Between them they reach every server
/// variable of seed 002's appendix A: the common ones have their own keys, the rest go through
/// <see cref="Variables"/>.
/// </summary>
public sealed record MatchConfig
{
    /// <summary>Any of these host names (exact or <c>*.example.com</c>), compared without case and port.</summary>
    public IReadOnlyList<string> Hosts { get; init; } = [];

    public PathMatchConfig? Path { get; init; }

    /// <summary>Any of these methods.</summary>
    public IReadOnlyList<string> Methods { get; init; } = [];

    public IReadOnlyList<NamedValueMatch> Headers { get; init; } = [];

    public IReadOnlyList<NamedValueMatch> Query { get; init; } = [];

    public IReadOnlyList<NamedValueMatch> Cookies { get; init; } = [];

    public ValueMatchConfig? UserAgent { get; init; }

    /// <summary>Any of these networks, <c>10.0.0.0/8</c> or a single address.</summary>
    public IReadOnlyList<string> ClientAddresses { get; init; } = [];

    /// <summary>True: only requests that came over TLS; false: only plain ones.</summary>
    public bool? Https { get; init; }

    public IReadOnlyList<VariableMatchConfig> Variables { get; init; } = [];
}

public enum PathMatchKind
{
    Prefix,
    Exact,
    Regex,
    Extension,
}

/// <summary>A condition on the request path (ARR's URL, decoded, without the query).</summary>
public sealed record PathMatchConfig
{
    public required PathMatchKind Kind { get; init; }

    /// <summary>The prefix, exact path or pattern; for extensions, the extensions with their dot.</summary>
    public IReadOnlyList<string> Values { get; init; } = [];

    /// <summary>Regex and extension matches ignore case unless told (as ARR's <c>ignoreCase</c> defaults to true); prefix and exact are ordinal.</summary>
    public bool IgnoreCase { get; init; } = true;
}

public enum ValueMatchKind
{
    Equals,
    Contains,
    Regex,
    Present,
    Absent,
}

/// <summary>A test on one text value (a header, a query parameter, a cookie, the user agent).</summary>
public sealed record ValueMatchConfig
{
    public required ValueMatchKind Kind { get; init; }

    public string? Value { get; init; }

    public bool IgnoreCase { get; init; }
}

public sealed record NamedValueMatch(string Name, ValueMatchConfig Match);

/// <summary>ARR's general condition: <c>{NAME}</c> matches <see cref="Pattern"/>, or, negated, does not.</summary>
public sealed record VariableMatchConfig
{
    public required string Name { get; init; }

    public required string Pattern { get; init; }

    public bool Negate { get; init; }

    public bool IgnoreCase { get; init; } = true;
}
