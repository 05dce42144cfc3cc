namespace Flotilla.Api.Security;

/// <summary>The body of <c>POST /v1/nsgs</c>: a new group with no rules of its own.</summary>
public sealed record CreateSecurityGroupRequest(string? Name);
