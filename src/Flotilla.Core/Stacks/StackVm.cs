using Flotilla.Core.Vms;

namespace Flotilla.Core.Stacks;

/// <summary>
/// One VM the stack owns, with the fields <c>POST /v1/vms</c> (CreateVmRequest) takes. Stack VMs run, restart when
/// they crash and start with the daemon, so the stack keeps serving without a re-apply.
/// </summary>
public sealed record StackVm : StackResource
{
    /// <summary>The VM's name (an instance name, <see cref="InstanceNames"/>).</summary>
    public required string VmName { get; init; }

    public override string Name => VmName;

    /// <summary>The <c>vms:</c> item it comes from.</summary>
    public required string Group { get; init; }

    public int Index { get; init; }

    public required string Template { get; init; }

    /// <summary>Null: the template's (and any value the VM has satisfies it).</summary>
    public int? Cpus { get; init; }

    /// <summary>Null: the template's (and any value the VM has satisfies it).</summary>
    public int? MemoryMiB { get; init; }

    /// <summary>Null: the <c>default</c> pool.</summary>
    public string? Pool { get; init; }

    public IReadOnlyList<StackNic> Nics { get; init; } = [];

    /// <summary>The user data with <c>${index}</c>, <c>${name}</c> and <c>${stack}</c> replaced.</summary>
    public string? UserData { get; init; }

    public CrashPolicy OnCrash { get; init; } = CrashPolicy.Restart;

    public bool Autostart { get; init; } = true;

    public PowerState Power { get; init; } = PowerState.Running;

    public override ResourceKind Kind => ResourceKind.Vm;
}
