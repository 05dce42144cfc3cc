namespace Flotilla.Cli.Api;

/// <summary>One event of <c>GET /v1/events</c> (a line of its <c>watch=true</c> stream).</summary>
internal sealed record HostEvent(long Id, DateTimeOffset Time, string Type, string Object, string Message);
