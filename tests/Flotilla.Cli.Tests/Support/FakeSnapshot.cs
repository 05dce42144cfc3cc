using Flotilla.Api.Snapshots;

namespace Flotilla.Cli.Tests.Support;

/// <summary>A snapshot of a <see cref="FakeVm"/>'s disk: a name, a time, and whether it holds memory.</summary>
public sealed record FakeSnapshot(string Name, DateTimeOffset CreatedAt, bool Memory)
{
    /// <summary>What savevm writes for a 128 MiB tiny-web guest, about.</summary>
    public const long VmStateBytes = 66_337_006;

    /// <summary>The <c>Snapshot</c> resource as docs/api.md shows it.</summary>
    public SnapshotView ToView() => new(Name, CreatedAt, Memory, Memory ? VmStateBytes : 0);
}
