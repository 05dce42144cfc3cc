
namespace Flotilla.Cli.Commands.Vm;

/// <summary>
/// What a verb waits for once flotillad has accepted it (202): the status that follows the new
/// spec. <see cref="Accepted"/> is the VM as the verb left it, the baseline for what is news.
/// </summary>
internal sealed record WaitGoal
{
    /// <summary>For messages: "running", "stopped", "rebooted".</summary>
    public required string Description { get; init; }

    public required Api.Vms.VmView Accepted { get; init; }

    public required Func<Api.Vms.VmView, bool> IsReached { get; init; }

    /// <summary>A transient VM is undefined once it stops: its 404 after shutdown or destroy means done.</summary>
    public bool GoneIsReached { get; init; }

    public static WaitGoal For(VmVerb verb, Api.Vms.VmView accepted) => verb switch
    {
        VmVerb.Start or VmVerb.Resume => Running(accepted),
        VmVerb.Shutdown or VmVerb.Destroy => new WaitGoal
        {
            Description = "stopped",
            Accepted = accepted,
            IsReached = vm => vm.Status.State == VmState.Stopped,
            GoneIsReached = accepted.Spec.Transient,
        },
        VmVerb.Pause => new WaitGoal { Description = "paused", Accepted = accepted, IsReached = vm => vm.Status.State == VmState.Paused },
        VmVerb.Reboot => new WaitGoal
        {
            Description = "rebooted",
            Accepted = accepted,
            // The generation the verb asked for, from its 202: a later reboot by someone else also counts.
            IsReached = vm => vm.Status.ObservedRebootGeneration >= accepted.Spec.RebootGeneration && vm.Status.State == VmState.Running,
        },
        _ => throw new ArgumentOutOfRangeException(nameof(verb), verb, null),
    };

    /// <summary>How far the guest's actual memory may stay from a balloon target and count as there (the guest rounds to pages).</summary>
    public const int BalloonToleranceMiB = 4;

    /// <summary><c>vm balloon</c>: the guest's actual memory, as the reconciler last read it, is at the target.</summary>
    public static WaitGoal Balloon(Api.Vms.VmView accepted, int targetMiB) => new()
    {
        Description = $"at its balloon target of {targetMiB} MiB",
        Accepted = accepted,
        IsReached = vm => vm.Status.BalloonActualMiB is { } actual && Math.Abs(actual - targetMiB) <= BalloonToleranceMiB,
    };

    /// <summary>Start, resume, and create of a transient VM (which is created running).</summary>
    public static WaitGoal Running(Api.Vms.VmView accepted) =>
        new() { Description = "running", Accepted = accepted, IsReached = vm => vm.Status.State == VmState.Running };
}
