using System.Text.Json;
using System.Text.Json.Serialization;
using Flotilla.Core.Vms;

namespace Flotilla.Daemon.Api;

/// <summary>The API's and the store's JSON: camelCase names and enums, forwards as <c>"18080:80"</c>.</summary>
public static class ApiJson
{
    public static JsonSerializerOptions Options { get; } = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        options.Converters.Add(new PortForwardConverter());
        return options;
    }

    private sealed class PortForwardConverter : JsonConverter<PortForward>
    {
        public override PortForward Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            try
            {
                return PortForward.Parse(reader.GetString() ?? "");
            }
            catch (FormatException e)
            {
                throw new JsonException(e.Message, e);
            }
        }

        public override void Write(Utf8JsonWriter writer, PortForward value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToString());
    }
}
