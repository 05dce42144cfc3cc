namespace Flotilla.Cli.Api;

/// <summary>The body of <c>PUT /v1/vms/{name}/autostart</c>.</summary>
internal sealed record AutostartRequest(bool Enabled);
