using System.Text.Json;
using System.Text.Json.Serialization;

namespace Flotilla.Api.Json;

/// <summary>
/// Enums travel as camelCase strings (<c>shuttingDown</c>); a number is still read, as the daemon always has. One
/// converter for every enum of the contract, so Core's enums need no attribute. A factory of the generic
/// <see cref="JsonStringEnumConverter{TEnum}"/> rather than the non-generic one, which source generation refuses.
/// </summary>
public sealed class CamelCaseEnumConverter : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) => typeToConvert.IsEnum;

    public override JsonConverter? CreateConverter(Type typeToConvert, JsonSerializerOptions options)
    {
        var factory = (JsonConverterFactory)Activator.CreateInstance(
            typeof(JsonStringEnumConverter<>).MakeGenericType(typeToConvert), JsonNamingPolicy.CamelCase, true)!;
        return factory.CreateConverter(typeToConvert, options);
    }
}
