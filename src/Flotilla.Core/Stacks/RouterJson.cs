using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Flotilla.Core.Stacks;

/// <summary>
/// A router's definition as text: one serialization for what the stack file asks and what the daemon stored, so two
/// routers compare equal exactly when flotilla-lb would be given the same keys.
/// </summary>
public static class RouterJson
{
    private static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Text(JsonNode node) => node.ToJsonString(Options);

    /// <summary>A YAML scalar as flotilla-lb's reader would take it: whole numbers and true/false typed, the rest text.</summary>
    public static JsonValue Scalar(string? text) =>
        text is null ? JsonValue.Create("")
        : long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) && number.ToString(CultureInfo.InvariantCulture) == text ? JsonValue.Create(number)
        : text is "true" or "false" ? JsonValue.Create(text == "true")
        : JsonValue.Create(text);
}
