using System.Text.Json;
using System.Text.Json.Serialization;

namespace Flotilla.Cli.Api;

/// <summary>Enums travel as camelCase strings (<c>shuttingDown</c>), never as numbers.</summary>
internal sealed class CamelCaseEnumConverter<TEnum>() : JsonStringEnumConverter<TEnum>(JsonNamingPolicy.CamelCase, allowIntegerValues: false)
    where TEnum : struct, Enum;
