namespace Flotilla.Cli.Api;

/// <summary>The body of <c>PUT /v1/vms/{name}/balloon</c>.</summary>
internal sealed record BalloonRequest(int TargetMiB);
