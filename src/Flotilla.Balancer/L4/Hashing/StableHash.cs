using System.IO.Hashing;
using System.Text;

namespace Flotilla.Balancer.L4.Hashing;

/// <summary>
/// The one hash every balancer node agrees on: XxHash64 with fixed seeds. Never
/// <see cref="HashCode"/> (randomised per process) and never list order, so two nodes
/// given the same members build the same Maglev table and send a flow to the same member.
/// </summary>
public static class StableHash
{
    /// <summary>Seed of the tuple hash ("Flotilla" in ASCII).</summary>
    public const long FlowSeed = 0x466C6F74696C6C61;

    /// <summary>Seeds of Maglev's offset and skip ("MaglevOf", "MaglevSk").</summary>
    public const long OffsetSeed = 0x4D61676C65764F66;
    public const long SkipSeed = 0x4D61676C6576536B;

    public static ulong Hash(ReadOnlySpan<byte> data, long seed) => XxHash64.HashToUInt64(data, seed);

    public static ulong Hash(string text, long seed)
    {
        Span<byte> buffer = stackalloc byte[256];
        var length = Encoding.UTF8.GetByteCount(text);
        var bytes = length <= buffer.Length ? buffer[..length] : new byte[length];
        Encoding.UTF8.GetBytes(text, bytes);
        return XxHash64.HashToUInt64(bytes, seed);
    }

    /// <summary>A further, independent hash of a flow for its n-th fallback choice.</summary>
    public static ulong Rehash(ulong hash, int attempt)
    {
        Span<byte> buffer = stackalloc byte[12];
        BitConverter.TryWriteBytes(buffer, hash);
        BitConverter.TryWriteBytes(buffer[8..], attempt);
        return XxHash64.HashToUInt64(buffer, FlowSeed);
    }
}
