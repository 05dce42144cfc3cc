namespace Flotilla.Api.Vms;

/// <summary>The body of <c>PUT /v1/vms/{name}/balloon</c>: the memory the guest should keep, in MiB.</summary>
public sealed record BalloonRequest(int TargetMiB);
