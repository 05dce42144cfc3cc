using Flotilla.Core.Vms;

namespace Flotilla.Compute.Qemu;

/// <summary>Everything one QEMU start needs: the VM's spec and where its files are on this host.</summary>
public sealed record QemuLaunch
{
    public required VmSpec Spec { get; init; }
    /// <summary><c>kvm</c> or <c>tcg</c>, from the host's probe.</summary>
    public required string Accel { get; init; }
    /// <summary>The template's decompressed <c>vmlinux</c> (booted through its PVH note), or a bzImage.</summary>
    public required string Kernel { get; init; }
    public required string Initrd { get; init; }
    /// <summary>The VM's own disk (a qcow2 overlay on the template's, or a full copy).</summary>
    public required string Disk { get; init; }
    /// <summary>The NoCloud seed (label <c>cidata</c>), attached read-only so <c>savevm</c> works.</summary>
    public required string Seed { get; init; }
    public required string QmpSocket { get; init; }
    public required string ConsoleLog { get; init; }
    public required string PidFile { get; init; }
    /// <summary>
    /// The host tap of each of <see cref="VmSpec.Nics"/>, in order: QEMU makes each (so it goes when QEMU does), and
    /// the VM starts paused (<c>-S</c>) until the host has put them on their bridges. The names differ between
    /// hosts (they carry the host's tag), like libvirt's vnetN; the guest-visible devices do not.
    /// </summary>
    public IReadOnlyList<string> Taps { get; init; } = [];
    /// <summary>Pinned, never "the newest": migration starts an identical machine elsewhere.</summary>
    public string MachineType { get; init; } = QemuCommandLine.DefaultMachineType;
}
