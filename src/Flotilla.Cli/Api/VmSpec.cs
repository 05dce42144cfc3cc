namespace Flotilla.Cli.Api;

/// <summary>A VM's <c>spec</c>: what the user wants. Verbs change it.</summary>
internal sealed record VmSpec
{
    public required string Name { get; init; }
    public string Template { get; init; } = "";
    public int Cpus { get; init; }
    public int MemoryMiB { get; init; }
    public string? UserData { get; init; }
    public bool Transient { get; init; }
    /// <summary><c>HOSTPORT:GUESTPORT</c>, the host side on 127.0.0.1.</summary>
    public IReadOnlyList<string> Forwards { get; init; } = [];
    /// <summary>NICs on Flotilla networks; none means user-mode networking.</summary>
    /// <remarks>Never null: a daemon from before networks sends none, and source-generated JSON sets a missing init-only property to null.</remarks>
    public IReadOnlyList<VmNic> Nics { get => field ?? []; init; }
    public PowerState Power { get; init; }
    public CrashPolicy OnCrash { get; init; }
    public bool Autostart { get; init; }
    public bool FullClone { get; init; }
    /// <summary>The storage pool holding its disk.</summary>
    public string Pool { get; init; } = "default";
    public string? Mac { get; init; }
    public string? InstanceId { get; init; }
    public int? BalloonTargetMiB { get; init; }
    /// <summary>Bumped by <c>reboot</c>; done when <see cref="VmStatus.ObservedRebootGeneration"/> has caught up.</summary>
    public long RebootGeneration { get; init; }
    /// <summary>The stack that owns the VM (<c>flotilla apply</c>); null for one made by hand.</summary>
    public string? Stack { get; init; }
}
