namespace Flotilla.Api.Templates;

/// <summary>The body of <c>POST /v1/templates</c>: a new user template from a stopped VM.</summary>
public sealed record CreateTemplateRequest
{
    public string? Name { get; init; }
    public string? FromVm { get; init; }
    public string? Description { get; init; }
}
