namespace Flotilla.Cli.Api;

/// <summary>The body of <c>POST /v1/vms/{name}/snapshots</c>.</summary>
internal sealed record CreateSnapshotRequest(string Name, bool Memory);
