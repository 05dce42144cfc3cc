using System.Text.Json.Serialization;

namespace Flotilla.Cli.Api;

/// <summary><c>spec.onCrash</c> (libvirt's <c>on_crash</c>).</summary>
[JsonConverter(typeof(CamelCaseEnumConverter<CrashPolicy>))]
internal enum CrashPolicy
{
    /// <summary>Report <c>crashed</c> and leave it for inspection.</summary>
    Preserve,
    /// <summary>Start it again.</summary>
    Restart,
}
