using System.Text.Json;
using Flotilla.Api.Json;

namespace Flotilla.Daemon.Api;

/// <summary>
/// The API's and the store's JSON: camelCase names and enums, forwards as <c>"18080:80"</c>, nulls written. The
/// converters are the contract's (<see cref="FlotillaApiJsonContext"/>), so a client and the daemon agree on the wire.
/// </summary>
public static class ApiJson
{
    public static JsonSerializerOptions Options { get; } = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.Converters.Add(new CamelCaseEnumConverter());
        options.Converters.Add(new PortForwardConverter());
        return options;
    }
}
