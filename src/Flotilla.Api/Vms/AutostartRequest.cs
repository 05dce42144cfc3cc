namespace Flotilla.Api.Vms;

/// <summary>The body of <c>PUT /v1/vms/{name}/autostart</c>.</summary>
public sealed record AutostartRequest(bool Enabled);
