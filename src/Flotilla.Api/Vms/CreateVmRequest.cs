using Flotilla.Core.Vms;

namespace Flotilla.Api.Vms;

/// <summary>The body of <c>POST /v1/vms</c>.</summary>
public sealed record CreateVmRequest
{
    public string? Name { get; init; }
    public string? Template { get; init; }
    /// <summary>Null: the template's (a user template's definition; 1 for a built one).</summary>
    public int? Cpus { get; init; }
    /// <summary>Null: the template's (a user template's definition; 128 MiB for a built one).</summary>
    public int? MemoryMiB { get; init; }
    public string? UserData { get; init; }
    public bool Transient { get; init; }
    public IReadOnlyList<PortForward>? Forwards { get; init; }
    public CrashPolicy OnCrash { get; init; } = CrashPolicy.Preserve;
    public bool FullClone { get; init; }
    public bool Autostart { get; init; }
    /// <summary>The storage pool for the VM's disk; null: <c>default</c>.</summary>
    public string? Pool { get; init; }
    /// <summary>Set by <c>flotilla apply</c>: the owning stack.</summary>
    public string? Stack { get; init; }
    /// <summary>NICs on Flotilla networks, in guest order; none means one NIC on user-mode networking.</summary>
    public IReadOnlyList<NicRequest>? Networks { get; init; }
}
