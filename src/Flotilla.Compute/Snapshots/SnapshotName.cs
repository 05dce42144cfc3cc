using Flotilla.Core.Naming;

namespace Flotilla.Compute.Snapshots;

/// <summary>
/// A snapshot's name: a DNS label, as VM names are (it travels in a URL path and an HMP command line unquoted), and not
/// all digits, because QEMU looks a snapshot up by name or by its numeric id: "2" could mean another snapshot.
/// </summary>
public static class SnapshotName
{
    /// <exception cref="InvalidNameException">Not a DNS label, or only digits.</exception>
    public static string Validate(string? name) => ResourceName.IsValid(name) && !name!.All(char.IsAsciiDigit)
        ? name!
        : throw new InvalidNameException("snapshot", name ?? "", "not only digits");
}
