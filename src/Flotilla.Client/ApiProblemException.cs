namespace Flotilla.Client;

/// <summary>
/// flotillad answered with an error: an <c>application/problem+json</c> body, or (from something
/// in front of the API) a bare status, for which <see cref="Detail"/> is made up from the status.
/// </summary>
public sealed class ApiProblemException : Exception
{
    private const string TypePrefix = "https://flotilla.dev/problems/";

    public ApiProblemException(string? type, int status, string detail) : base(detail)
    {
        Type = type;
        Status = status;
        Detail = detail;
    }

    /// <summary>As sent: <c>https://flotilla.dev/problems/vm-not-found</c>, or null for a bare status.</summary>
    public string? Type { get; }

    /// <summary>The type's last segment, which docs/api.md's table lists: <c>vm-not-found</c>.</summary>
    public string? Kind => Type is null ? null
        : Type.StartsWith(TypePrefix, StringComparison.Ordinal) ? Type[TypePrefix.Length..]
        : Type[(Type.LastIndexOf('/') + 1)..];

    public int Status { get; }

    public string Detail { get; }
}
