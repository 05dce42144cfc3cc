namespace Flotilla.Api.Pools;

/// <summary>The body of <c>POST /v1/pools</c>. Tier and capacity are text, checked here so a bad one gets a clear line.</summary>
public sealed record CreatePoolRequest
{
    public string? Name { get; init; }
    /// <summary>An absolute directory; made when missing.</summary>
    public string? Path { get; init; }
    /// <summary>A size: bytes, or a number with K, M, G or T (powers of 1024), e.g. <c>20G</c>.</summary>
    public string? Capacity { get; init; }
    /// <summary><c>gold</c>, <c>silver</c> or <c>bronze</c>.</summary>
    public string? Tier { get; init; }
}
