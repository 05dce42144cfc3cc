using System.Globalization;
using Flotilla.Cli.Commands.Output;

namespace Flotilla.Cli.Commands.Host;

/// <summary>How the host reads in the default (table) output: acceleration and why, allocated vs capacity.</summary>
internal static class HostView
{
    public static string Details(Api.Hosts.HostView host) => TextTable.Fields(
    [
        ("name", host.Name),
        ("accel", host.AccelReason is { Length: > 0 } reason ? $"{host.Accel} ({reason})" : host.Accel),
        ("qemu", host.QemuVersion ?? "-"),
        // Capacity as the overcommit ratios define it: what is left after the host's reserve, times the ratio.
        ("cpus", $"{host.AllocatedCpus} of {Number((host.Cpus - host.ReservedCpus) * host.CpuOvercommit)} allocated " +
            $"({host.Cpus} cores, {host.ReservedCpus} reserved, overcommit {Ratio(host.CpuOvercommit)})"),
        ("memory", $"{host.AllocatedMemoryMiB} of {Number((host.MemoryMiB - host.ReservedMemoryMiB) * host.MemoryOvercommit)} MiB allocated " +
            $"({host.MemoryMiB} MiB, {host.ReservedMemoryMiB} reserved, overcommit {Ratio(host.MemoryOvercommit)})"),
        ("vms", host.Vms.ToString(CultureInfo.InvariantCulture)),
    ]);

    /// <summary>A capacity: whole units as such, a fraction (2 cores × 1.5) to two places.</summary>
    private static string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>An overcommit ratio, always with its point: 4.0, 1.0, 1.25.</summary>
    private static string Ratio(double value) => value.ToString("0.0#", CultureInfo.InvariantCulture);
}
