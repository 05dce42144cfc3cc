using System.Text.Json;
using Flotilla.Api.Json;

namespace Flotilla.Daemon.Api;

/// <summary>
/// The API's and the store's JSON: camelCase names and enums, forwards as <c>"18080:80"</c>, nulls written. The
/// converters are the contract's (<see cref="FlotillaApiJsonContext"/>), so a client and the daemon agree on the wire.
/// The daemon still resolves types by reflection rather than through that context: source generation builds an
/// init-only record through its initializer, so a property a body leaves out would become null instead of keeping
/// its default (a rule's <c>protocol: "*"</c>, a stored spec's <c>cpus: 1</c>), and the daemon reads bodies and the store.
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
