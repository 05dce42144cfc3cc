using System.Globalization;
using Flotilla.Api.Json;
using Flotilla.Cli.Commands.Output;

namespace Flotilla.Cli.Commands.Pool;

/// <summary>How pools read in the default (table) output: thin provisioning visible, allocated against virtual.</summary>
internal static class PoolView
{
    private static readonly string[] Header = ["NAME", "TIER", "CAPACITY", "ALLOCATED", "PROVISIONED", "FREE", "OVERCOMMIT", "VOLUMES", "PATH"];
    private static readonly string[] VolumeHeader = ["VM", "VIRTUAL", "ALLOCATED", "FILE", "BACKING FILE"];

    public static string Table(IEnumerable<Api.Pools.PoolView> pools) => TextTable.Render(Header, pools.Select(p => (IReadOnlyList<string>)
    [
        p.Name, WireText.Of(p.Tier), ByteText.Format(p.CapacityBytes), ByteText.Format(p.AllocatedBytes), ByteText.Format(p.ProvisionedBytes),
        ByteText.Format(p.FreeBytes), Ratio(p.Overcommit), p.Volumes.Count.ToString(CultureInfo.InvariantCulture), p.Path,
    ]));

    /// <summary><c>pool show</c>: the totals as fields, then a line per volume.</summary>
    public static string Details(Api.Pools.PoolView pool)
    {
        var fields = TextTable.Fields(
        [
            ("name", pool.Name + (pool.IsDefault ? " (the host's own: VM directories under the data dir)" : "")),
            ("path", pool.Path),
            ("tier", WireText.Of(pool.Tier)),
            ("capacity", ByteText.Format(pool.CapacityBytes)),
            ("allocated", $"{ByteText.Format(pool.AllocatedBytes)} (what the disks hold on the host)"),
            ("provisioned", $"{ByteText.Format(pool.ProvisionedBytes)} (what their guests could fill: the sum of virtual sizes)"),
            ("free", ByteText.Format(pool.FreeBytes)),
            ("overcommit", $"{Ratio(pool.Overcommit)} (provisioned / capacity)"),
            ("volumes", pool.Volumes.Count.ToString(CultureInfo.InvariantCulture)),
        ]);
        if (pool.Volumes.Count == 0) return fields;
        return fields + "\n" + TextTable.Render(VolumeHeader, pool.Volumes.Select(v => (IReadOnlyList<string>)
        [
            v.Vm, ByteText.Format(v.VirtualBytes), ByteText.Format(v.AllocatedBytes), v.File, v.BackingFile ?? "-",
        ]));
    }

    private static string Ratio(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);
}
