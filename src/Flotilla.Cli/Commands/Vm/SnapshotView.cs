using System.Globalization;
using Flotilla.Cli.Commands.Output;

namespace Flotilla.Cli.Commands.Vm;

/// <summary>How snapshots read in the default (table) output.</summary>
internal static class SnapshotView
{
    private static readonly string[] Header = ["NAME", "CREATED", "MEMORY", "VM STATE"];

    /// <summary><c>vm snapshot list</c>: a line per snapshot, oldest first (as the disk keeps them).</summary>
    public static string Table(IEnumerable<Api.Snapshots.SnapshotView> snapshots) => TextTable.Render(Header, snapshots.Select(s => (IReadOnlyList<string>)
    [
        s.Name,
        s.CreatedAt.ToUniversalTime().ToString("u", CultureInfo.InvariantCulture),
        s.Memory ? "yes" : "no",
        s.Memory ? Size(s.VmStateBytes) : "-",
    ]));

    /// <summary>What a snapshot holds, for the line a verb prints.</summary>
    public static string Holds(Api.Snapshots.SnapshotView snapshot) => snapshot.Memory ? $"disk and memory, {Size(snapshot.VmStateBytes)} of VM state" : "disk only";

    public static string Size(long bytes) => bytes >= 1 << 20
        ? string.Create(CultureInfo.InvariantCulture, $"{bytes / 1048576.0:0.0} MiB")
        : string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.0} KiB");
}
