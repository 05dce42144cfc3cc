using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Flotilla.Core.Specs;

namespace Flotilla.Core.Stacks;

/// <summary>Reads one item of <c>vms:</c>.</summary>
internal static partial class VmReader
{
    /// <summary>The daemon's limits (VmCommands): checked here too, so plan refuses them with the file's line.</summary>
    public const int MaxCpus = 64;
    public const int MinMemoryMiB = 16;
    public const int MaxMemoryMiB = 1024 * 1024;

    [GeneratedRegex(@"^(?<n>\d{1,7})\s*(?<unit>|M|MB|MiB|G|GB|GiB)$", RegexOptions.IgnoreCase)]
    private static partial Regex Memory();

    public static VmDeclaration Read(YamlMap map, Func<string, string>? readFile)
    {
        var name = NetworkReader.ReadName(map, "VM");
        var vm = new VmDeclaration
        {
            Name = name,
            Count = map.OptionalInt("count", 1, VmDeclaration.MaxCount),
            Template = map.RequiredString("template"),
            Cpus = map.OptionalInt("cpus", 1, MaxCpus),
            MemoryMiB = ReadMemory(map),
            Pool = map.OptionalString("pool"),
            Nics = map.List("networks").Select(ReadNic).ToList(),
            Origin = map.Origin(),
        };

        if (map.Has("userData") && map.Has("userDataFile"))
        {
            throw map.Error("userDataFile", "give userData or userDataFile, not both");
        }

        vm = map.OptionalString("userDataFile") is { } file
            ? vm with { UserDataFile = file, UserData = ReadUserDataFile(map, file, readFile) }
            : vm with { UserData = map.OptionalString("userData") };
        map.RejectUnknownKeys();
        return vm;
    }

    /// <summary><c>128</c> (MiB), <c>128M</c>, <c>128MiB</c>, <c>1G</c>, <c>1GiB</c>: binary units, as QEMU's <c>-m</c>.</summary>
    private static int? ReadMemory(YamlMap map)
    {
        if (map.OptionalString("memory") is not { } text)
        {
            return null;
        }

        var match = Memory().Match(text.Trim());
        if (!match.Success)
        {
            throw map.Error("memory", $"'{text}' is not a size: write MiB as a number (128) or with a unit (128MiB, 1GiB)");
        }

        var mib = long.Parse(match.Groups["n"].Value, CultureInfo.InvariantCulture)
            * (match.Groups["unit"].Value.StartsWith('G') || match.Groups["unit"].Value.StartsWith('g') ? 1024 : 1);
        return mib is < MinMemoryMiB or > MaxMemoryMiB
            ? throw map.Error("memory", $"{mib} MiB is out of range ({MinMemoryMiB}..{MaxMemoryMiB} MiB)")
            : (int)mib;
    }

    /// <summary>A NIC: <c>- web</c> (a network by name), or <c>- { network: web, address: 10.0.1.10, securityGroup: web-nsg }</c>.</summary>
    private static NicDeclaration ReadNic(YamlValue value)
    {
        if (value.Scalar is { } network)
        {
            return new NicDeclaration(network, null, null, value.Origin);
        }

        if (value.Map is not { } map)
        {
            throw value.Error("expected a network name or a mapping with network, address and securityGroup");
        }

        var address = map.OptionalString("address");
        if (address is not null && !(IPAddress.TryParse(address, out var ip) && ip.AddressFamily == AddressFamily.InterNetwork && address.Count(c => c == '.') == 3))
        {
            throw map.Error("address", $"'{address}' is not an IPv4 address");
        }

        var nic = new NicDeclaration(map.RequiredString("network"), address, map.OptionalString("securityGroup"), map.Origin());
        map.RejectUnknownKeys();
        return nic;
    }

    private static string ReadUserDataFile(YamlMap map, string file, Func<string, string>? readFile)
    {
        if (readFile is null)
        {
            throw map.Error("userDataFile", "user data files are read where the stack file is: send the file's content as userData");
        }

        try
        {
            return readFile(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SpecException(map.LocationOf("userDataFile"), map.KeyPath("userDataFile"), $"cannot read '{file}': {e.Message}", e);
        }
    }
}
