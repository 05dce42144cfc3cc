using System.Text.Json;
using System.Text.Json.Serialization;
using Flotilla.Api.Json;

namespace Flotilla.Cli.Tests.Support;

/// <summary>
/// JSON as flotillad writes it: the API's records through the contract's context, nulls written (the daemon's
/// options), so the fakes answer with the same shapes the daemon does and a renamed field breaks both.
/// </summary>
public static class DaemonJson
{
    public static JsonSerializerOptions Options { get; } = new(FlotillaApiJsonContext.Default.Options)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };
}
