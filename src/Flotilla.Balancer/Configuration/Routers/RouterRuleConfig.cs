namespace Flotilla.Balancer.Configuration.Routers;

/// <summary>A routing rule: conditions that must all hold, and what to do then.</summary>
public sealed record RouterRuleConfig
{
    public required string Name { get; init; }

    public MatchConfig Match { get; init; } = new();

    public required RuleActionConfig Action { get; init; }
}

/// <summary>What a matching rule does; exactly one per rule.</summary>
public abstract record RuleActionConfig;

/// <summary>Proxy to a farm, optionally with the path rewritten from a template (<c>{R:1}</c>, <c>{HTTP_HOST}</c>, …).</summary>
public sealed record ForwardActionConfig : RuleActionConfig
{
    public required string Farm { get; init; }

    public string? RewritePath { get; init; }
}

/// <summary>Serve files from a directory; the request path below the rule's prefix names the file.</summary>
public sealed record StaticActionConfig : RuleActionConfig
{
    public required string Directory { get; init; }

    /// <summary>
    /// Served for a request that names a directory, the first that exists there (ARR's, IIS's
    /// "default document"); none: a directory is 404.
    /// </summary>
    public IReadOnlyList<string> DefaultDocuments { get; init; } = ["index.html"];
}

/// <summary>Answer with a redirect to a URL template.</summary>
public sealed record RedirectActionConfig : RuleActionConfig
{
    public required string Url { get; init; }

    public int Status { get; init; } = 302;
}

/// <summary>Answer with a fixed status and optional body (ARR's "custom response").</summary>
public sealed record StatusActionConfig : RuleActionConfig
{
    public required int Code { get; init; }

    public string? Body { get; init; }
}
