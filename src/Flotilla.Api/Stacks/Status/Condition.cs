namespace Flotilla.Api.Stacks.Status;

/// <summary>
/// One fact about a resource, as Kubernetes writes conditions: a <see cref="Type"/> (<c>Running</c>, <c>InRotation</c>,
/// <c>Live</c>, <c>Serving</c>, <c>Present</c>), a <see cref="Status"/> of <c>True</c>, <c>False</c> or <c>Unknown</c>,
/// and, when it is not <c>True</c>, a CamelCase <see cref="Reason"/> a script can test and a <see cref="Message"/> a person reads.
/// </summary>
public sealed record Condition(string Type, string Status, string? Reason = null, string? Message = null)
{
    public bool Holds => Status == "True";

    public static Condition True(string type, string? message = null) => new(type, "True", null, message);

    public static Condition False(string type, string reason, string message) => new(type, "False", reason, message);

    public static Condition Unknown(string type, string reason, string message) => new(type, "Unknown", reason, message);
}
