namespace Flotilla.Api.Problems;

/// <summary>An <c>application/problem+json</c> body (RFC 9457), as docs/api.md's errors are sent.</summary>
public sealed record ApiProblem
{
    public string? Type { get; init; }
    public string? Title { get; init; }
    public int? Status { get; init; }
    public string? Detail { get; init; }
}
