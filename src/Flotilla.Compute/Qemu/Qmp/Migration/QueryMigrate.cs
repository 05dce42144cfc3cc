using System.Text.Json.Serialization.Metadata;

namespace Flotilla.Compute.Qemu.Qmp.Migration;

/// <summary><c>{"execute": "query-migrate"}</c> → <see cref="MigrationInfo"/> (<c>{}</c> before the first migration).</summary>
public sealed record QueryMigrate : IQmpCommand<MigrationInfo>
{
    string IQmpCommand<MigrationInfo>.Execute => "query-migrate";
    JsonTypeInfo? IQmpCommand<MigrationInfo>.ArgumentsType => null;
    JsonTypeInfo<MigrationInfo> IQmpCommand<MigrationInfo>.ReplyType => QmpJsonContext.Default.MigrationInfo;
}
