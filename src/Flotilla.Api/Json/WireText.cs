using System.Text.Json;

namespace Flotilla.Api.Json;

/// <summary>An enum value as it travels (<see cref="CamelCaseEnumConverter"/>): what a client prints for it, <c>nat</c>, <c>shuttingDown</c>.</summary>
public static class WireText
{
    public static string Of<TEnum>(TEnum value) where TEnum : struct, Enum => JsonNamingPolicy.CamelCase.ConvertName(value.ToString());
}
