using System.Text.RegularExpressions;

namespace Flotilla.Core.Naming;

/// <summary>
/// Names of VMs, templates, networks and hosts: a DNS label (lowercase letters, digits, dashes,
/// at most 63), because a name becomes a hostname, a directory and part of device names.
/// </summary>
public static partial class ResourceName
{
    [GeneratedRegex("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$")]
    private static partial Regex Label();

    public static bool IsValid(string? name) => name is not null && Label().IsMatch(name);

    /// <exception cref="InvalidNameException">Not a DNS label.</exception>
    public static string Validate(string? name, string kind) => IsValid(name)
        ? name!
        : throw new InvalidNameException(kind, name ?? "");
}
