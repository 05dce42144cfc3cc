using System.Globalization;
using Flotilla.Api.Json;
using Flotilla.Cli.Commands.Output;

namespace Flotilla.Cli.Commands.Template;

/// <summary>How templates read in the default (table) output.</summary>
internal static class TemplateView
{
    private static readonly string[] Header = ["NAME", "KIND", "MIN MEMORY", "CPUS", "MEMORY", "BASE VIRTUAL", "BASE ALLOCATED", "VMS", "DESCRIPTION"];

    public static string Table(IEnumerable<Api.Templates.TemplateView> templates) => TextTable.Render(Header, templates.Select(t => (IReadOnlyList<string>)
    [
        t.Name, WireText.Of(t.Kind), $"{t.MinMemoryMiB} MiB", t.Cpus.ToString(CultureInfo.InvariantCulture), $"{t.MemoryMiB} MiB",
        t.BaseDisk is { } disk ? ByteText.Format(disk.VirtualBytes) : "-", t.BaseDisk is { } d ? ByteText.Format(d.AllocatedBytes) : "-",
        t.Vms.Count.ToString(CultureInfo.InvariantCulture), t.Description ?? "-",
    ]));

    public static string Details(Api.Templates.TemplateView template) => TextTable.Fields(
    [
        ("name", template.Name),
        ("kind", WireText.Of(template.Kind)),
        ("description", template.Description ?? "-"),
        ("min memory", $"{template.MinMemoryMiB} MiB"),
        ("cpus", $"{template.Cpus} (a VM's unless --cpus)"),
        ("memory", $"{template.MemoryMiB} MiB (a VM's unless --memory)"),
        ("user data", template.UserData is { } data ? $"{System.Text.Encoding.UTF8.GetByteCount(data)} bytes (a VM's unless --user-data)" : "-"),
        ("source vm", template.SourceVm ?? "-"),
        ("boots", template.Boots ?? "-"),
        ("created at", template.CreatedAt?.ToUniversalTime().ToString("u", CultureInfo.InvariantCulture) ?? "-"),
        ("base disk", template.BaseDisk is { } disk
            ? $"{disk.File} ({ByteText.Format(disk.VirtualBytes)} virtual, {ByteText.Format(disk.AllocatedBytes)} allocated)"
            : "- (its files are missing)"),
        ("vms", template.Vms.Count == 0 ? "-" : string.Join(", ", template.Vms)),
    ]);
}
