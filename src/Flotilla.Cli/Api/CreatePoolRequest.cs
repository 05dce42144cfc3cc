namespace Flotilla.Cli.Api;

/// <summary>The body of <c>POST /v1/pools</c>; the daemon checks the capacity's and the tier's text.</summary>
internal sealed record CreatePoolRequest
{
    public required string Name { get; init; }
    public required string Path { get; init; }
    /// <summary>As given: <c>20G</c>.</summary>
    public required string Capacity { get; init; }
    public required string Tier { get; init; }
}
