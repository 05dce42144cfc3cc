using System.Text.Json.Serialization.Metadata;

namespace Flotilla.Compute.Qemu.Qmp.Commands;

/// <summary><c>{"execute": "query-block"}</c> → one <see cref="BlockInfo"/> per drive.</summary>
public sealed record QueryBlock : IQmpCommand<IReadOnlyList<BlockInfo>>
{
    string IQmpCommand<IReadOnlyList<BlockInfo>>.Execute => "query-block";
    JsonTypeInfo? IQmpCommand<IReadOnlyList<BlockInfo>>.ArgumentsType => null;
    JsonTypeInfo<IReadOnlyList<BlockInfo>> IQmpCommand<IReadOnlyList<BlockInfo>>.ReplyType => QmpJsonContext.Default.IReadOnlyListBlockInfo;
}
