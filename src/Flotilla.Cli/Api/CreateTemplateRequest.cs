namespace Flotilla.Cli.Api;

/// <summary>The body of <c>POST /v1/templates</c>.</summary>
internal sealed record CreateTemplateRequest
{
    public required string Name { get; init; }
    public required string FromVm { get; init; }
    public string? Description { get; init; }
}
