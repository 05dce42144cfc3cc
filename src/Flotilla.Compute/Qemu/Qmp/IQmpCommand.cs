using System.Text.Json.Serialization.Metadata;

namespace Flotilla.Compute.Qemu.Qmp;

/// <summary>
/// A QMP command as a record: <see cref="Execute"/> is its name on the wire, the record's own properties (through
/// <see cref="ArgumentsType"/>) its <c>arguments</c>, and <typeparamref name="TReply"/> what its <c>return</c> holds
/// (<see cref="QmpEmpty"/> for <c>{}</c>). Records implement these members explicitly, so they never reach the JSON.
/// </summary>
public interface IQmpCommand<TReply>
{
    /// <summary>The command's name (<c>{"execute": …}</c>).</summary>
    string Execute { get; }

    /// <summary>How to write the record as <c>arguments</c>; null for a command that takes none.</summary>
    JsonTypeInfo? ArgumentsType { get; }

    /// <summary>How to read its <c>return</c>.</summary>
    JsonTypeInfo<TReply> ReplyType { get; }
}
