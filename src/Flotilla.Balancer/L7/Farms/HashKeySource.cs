using Flotilla.Balancer.L7.Rules;
using Microsoft.AspNetCore.Http;

namespace Flotilla.Balancer.L7.Farms;

/// <summary>
/// What <see cref="HashPolicy"/> hashes, parsed once per cluster config from <see cref="FarmMetadata.HashOn"/>:
/// <c>url</c> (path base + path + query, the default), <c>query</c> (the query string),
/// <c>header:NAME</c> or <c>var:NAME</c> (an ARR server variable, see <see cref="ServerVariables"/>).
/// </summary>
internal sealed record HashKeySource(HashKeyKind Kind, string Name)
{
    public static readonly HashKeySource Url = new(HashKeyKind.Url, "");

    /// <summary>Null when <paramref name="text"/> is not one of the forms above.</summary>
    public static HashKeySource? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Equals("url", StringComparison.OrdinalIgnoreCase))
        {
            return Url;
        }

        if (text.Equals("query", StringComparison.OrdinalIgnoreCase))
        {
            return new(HashKeyKind.Query, "");
        }

        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon == text.Length - 1)
        {
            return null;
        }

        var name = text[(colon + 1)..].Trim();
        return text[..colon].Trim().ToLowerInvariant() switch
        {
            "header" => new(HashKeyKind.Header, name),
            "var" => new(HashKeyKind.ServerVariable, name),
            _ => null,
        };
    }

    /// <summary>The key of this request, or null when the request has no such property (no header, no variable).</summary>
    public string? KeyOf(HttpContext context)
    {
        var request = context.Request;
        return Kind switch
        {
            HashKeyKind.Url => request.PathBase.Add(request.Path).Value + request.QueryString.Value,
            HashKeyKind.Query => request.QueryString.Value ?? "",
            HashKeyKind.Header => request.Headers.TryGetValue(Name, out var values) ? values.ToString() : null,
            _ => ServerVariables.Get(context, Name) is { Length: > 0 } value ? value : null,
        };
    }
}
