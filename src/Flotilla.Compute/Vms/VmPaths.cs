namespace Flotilla.Compute.Vms;

/// <summary>Where one VM's files are.</summary>
internal sealed record VmPaths
{
    public required string Name { get; init; }
    public required string Dir { get; init; }
    public string Disk => Path.Combine(Dir, "disk.qcow2");
    public string Seed => Path.Combine(Dir, "seed.iso");
    public string PidFile => Path.Combine(Dir, "qemu.pid");
    public string ConsoleLog => Path.Combine(Dir, "console.log");
    public string QemuLog => Path.Combine(Dir, "qemu.log");
    /// <summary>Which template build the VM boots, <c>NAME/INPUTS_SHA256</c>: fixed at creation, as its disk's backing file is.</summary>
    public string TemplateRecord => Path.Combine(Dir, "template");
    /// <summary><c>Dir/qmp.sock</c>, unless that is too long for a UNIX socket (see <see cref="VmLayout"/>).</summary>
    public required string QmpSocket { get; init; }
}
