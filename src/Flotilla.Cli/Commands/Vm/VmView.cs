using System.Globalization;
using Flotilla.Cli.Commands.Output;

namespace Flotilla.Cli.Commands.Vm;

/// <summary>How VMs read in the default (table) output.</summary>
internal static class VmView
{
    private static readonly string[] Header = ["NAME", "STATE", "POWER", "CPUS", "MEMORY", "TEMPLATE", "FORWARDS", "ADDRESSES", "FLAGS"];

    /// <summary><c>vm list</c>: a line per VM, by name.</summary>
    public static string Table(IEnumerable<Api.Vms.VmView> vms) => TextTable.Render(Header, vms.OrderBy(vm => vm.Name, StringComparer.Ordinal).Select(vm => (IReadOnlyList<string>)
    [
        vm.Name,
        State(vm.Status.State),
        Power(vm.Spec.Power),
        vm.Spec.Cpus.ToString(CultureInfo.InvariantCulture),
        $"{vm.Spec.MemoryMiB} MiB",
        vm.Spec.Template,
        vm.Spec.Forwards.Count == 0 ? "-" : string.Join(",", vm.Spec.Forwards.Select(Forward)),
        vm.Spec.Nics.Count == 0 ? "-" : string.Join(",", vm.Spec.Nics.Select(n => $"{n.Address}@{n.Network}")),
        Flags(vm.Spec) is { Length: > 0 } flags ? flags : "-",
    ]));

    /// <summary><c>vm show</c>: every field, one per line.</summary>
    public static string Details(Api.Vms.VmView vm)
    {
        var spec = vm.Spec;
        var status = vm.Status;
        var fields = new List<(string, string)>
        {
            ("name", vm.Name),
            ("state", status.Message is { Length: > 0 } message ? $"{State(status.State)} ({message})" : State(status.State)),
            ("power", $"{Power(spec.Power)} (wanted)"),
            ("host", status.Host ?? "-"),
            ("template", $"{spec.Template} ({(spec.FullClone ? "full copy" : "linked clone")})"),
            ("pool", spec.Pool),
            ("disk", vm.Disk is { } disk
                ? $"{ByteText.Format(disk.VirtualBytes)} virtual, {ByteText.Format(disk.AllocatedBytes)} allocated, {disk.File}" + (disk.BackingFile is { } backing ? $" (backed by {backing})" : "")
                : "-"),
            ("cpus", spec.Cpus.ToString(CultureInfo.InvariantCulture)),
            ("memory", Memory(spec, status)),
            ("forwards", spec.Forwards.Count == 0 ? "-" : string.Join(", ", spec.Forwards.Select(f => "127.0.0.1:" + Forward(f)))),
            ("networks", spec.Nics.Count == 0 ? "user (QEMU user-mode, forwards only)" : string.Join(", ", spec.Nics.Select((n, i) =>
                $"nic{i} {n.Address}/{n.PrefixLength} on {n.Network} ({n.Mac}{(n.SecurityGroup is { } nsg ? $", nsg {nsg}" : "")})"))),
            ("transient", YesNo(spec.Transient)),
            ("autostart", YesNo(spec.Autostart)),
            ("on crash", spec.OnCrash.ToString().ToLowerInvariant()),
            ("mac", spec.Mac ?? "-"),
            ("instance id", spec.InstanceId ?? "-"),
            ("pid", status.Pid?.ToString(CultureInfo.InvariantCulture) ?? "-"),
            ("accel", status.Accel ?? "-"),
            ("started at", status.StartedAt?.ToString("u", CultureInfo.InvariantCulture) ?? "-"),
            ("reboots", $"{status.ObservedRebootGeneration} of {spec.RebootGeneration} done"),
            ("user data", spec.UserData is { } data ? $"{System.Text.Encoding.UTF8.GetByteCount(data)} bytes" : "-"),
            ("revision", vm.Revision.ToString(CultureInfo.InvariantCulture)),
        };
        return TextTable.Fields(fields);
    }

    /// <summary>As the API spells it: <c>shuttingDown</c>.</summary>
    public static string State(VmState state) => state == VmState.ShuttingDown ? "shuttingDown" : state.ToString().ToLowerInvariant();

    public static string Power(PowerState power) => power.ToString().ToLowerInvariant();

    private static string Forward(PortForward forward) => $"{forward.HostPort}->{forward.GuestPort}";

    private static string Flags(VmSpec spec) => string.Join(",", new[]
    {
        spec.Transient ? "transient" : null,
        spec.Autostart ? "autostart" : null,
        spec.FullClone ? "full-clone" : null,
        spec.OnCrash == CrashPolicy.Restart ? "on-crash=restart" : null,
    }.OfType<string>());

    private static string Memory(VmSpec spec, VmStatus status)
    {
        var text = $"{spec.MemoryMiB} MiB";
        if (spec.BalloonTargetMiB is { } target) text += $", balloon target {target} MiB";
        if (status.BalloonActualMiB is { } actual) text += $", actual {actual} MiB";
        return text;
    }

    private static string YesNo(bool value) => value ? "yes" : "no";
}
