using System.Globalization;
using System.Security.Cryptography;

namespace Flotilla.Daemon.Operations;

/// <summary>
/// <c>op-20261207-210512-3fa9</c>: readable, ordered by when it was accepted (so the store's key order is the list's),
/// and of one length, so no id is a prefix of another (a watch of <c>operations/ID</c> sees that operation only).
/// </summary>
internal static class OperationIds
{
    public const int Length = 23;

    public static string New(DateTimeOffset now) =>
        string.Create(CultureInfo.InvariantCulture, $"op-{now.UtcDateTime:yyyyMMdd-HHmmss}-{RandomNumberGenerator.GetInt32(0x10000):x4}");

    public static bool IsWellFormed(string id) => id.Length == Length && id.StartsWith("op-", StringComparison.Ordinal);
}
