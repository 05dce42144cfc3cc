namespace Flotilla.Core.Vms;

/// <summary>
/// What the user wants of a VM. Verbs change it (start sets <see cref="Power"/>, reboot bumps
/// <see cref="RebootGeneration"/>); the reconciler closes the gap to <see cref="VmStatus"/>.
/// Identity (<see cref="Mac"/>, <see cref="InstanceId"/>) is made once, at create or clone.
/// </summary>
public sealed record VmSpec
{
    /// <summary>The pool every host has: VM disks in their own directories under the data dir.</summary>
    public const string DefaultPool = "default";

    public required string Name { get; init; }
    public required string Template { get; init; }
    public int Cpus { get; init; } = 1;
    public int MemoryMiB { get; init; } = 128;
    /// <summary>
    /// NICs on Flotilla networks, in guest order (<c>nic0</c>, <c>nic1</c>, …). None: one NIC on QEMU's user-mode
    /// network, with <see cref="Forwards"/> on the host's loopback.
    /// </summary>
    public IReadOnlyList<VmNic> Nics { get; init; } = [];
    /// <summary>The NoCloud user-data (a script starting with <c>#!</c>, or cloud-config).</summary>
    public string? UserData { get; init; }
    /// <summary>Exists only while running (libvirt's transient domain): undefined when it stops.</summary>
    public bool Transient { get; init; }
    public IReadOnlyList<PortForward> Forwards { get; init; } = [];
    public PowerState Power { get; init; } = PowerState.Stopped;
    public CrashPolicy OnCrash { get; init; } = CrashPolicy.Preserve;
    /// <summary>Start when the host's daemon starts.</summary>
    public bool Autostart { get; init; }
    /// <summary>A copy of the template's disk instead of a copy-on-write overlay.</summary>
    public bool FullClone { get; init; }
    /// <summary>The storage pool holding the VM's disk, fixed at creation (a spec stored before pools existed reads as the default pool).</summary>
    public string Pool { get; init; } = DefaultPool;
    /// <summary>The MAC of <c>nic0</c> (the user-mode NIC, or the first network NIC, whose own record repeats it).</summary>
    public required string Mac { get; init; }
    /// <summary>The stack that owns the VM (<c>flotilla apply</c>); null for one made by hand, which no stack touches.</summary>
    public string? Stack { get; init; }
    /// <summary>
    /// The host whose daemon runs the VM, set at creation. Null in a record from before hosts: the host that reads it.
    /// Only that host's reconciler acts on the VM, so daemons sharing a store never both start it.
    /// </summary>
    public string? Host { get; init; }
    public required string InstanceId { get; init; }
    /// <summary>Balloon target; null leaves the guest all of <see cref="MemoryMiB"/>.</summary>
    public int? BalloonTargetMiB { get; init; }
    /// <summary>Set by <c>vm destroy</c>: stop by pulling the plug instead of an ACPI shutdown; cleared by start.</summary>
    public bool ForceStop { get; init; }
    /// <summary>Bumped by <c>vm reboot</c>; the reconciler reboots until the status has seen it.</summary>
    public long RebootGeneration { get; init; }

    /// <summary>Whether the daemon of <paramref name="host"/> runs this VM (a record with no host is the reader's).</summary>
    public bool RunsOn(string host) => Host is null || string.Equals(Host, host, StringComparison.Ordinal);
}
