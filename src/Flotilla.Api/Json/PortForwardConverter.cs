using System.Text.Json;
using System.Text.Json.Serialization;
using Flotilla.Core.Vms;

namespace Flotilla.Api.Json;

/// <summary>A forward travels as its text, <c>"18080:80"</c>; a bad one is a <see cref="JsonException"/> with the parser's message.</summary>
public sealed class PortForwardConverter : JsonConverter<PortForward>
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
