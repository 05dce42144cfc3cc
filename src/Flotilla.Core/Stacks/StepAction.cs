namespace Flotilla.Core.Stacks;

/// <summary>What a plan step does to its resource.</summary>
public enum StepAction
{
    Create,

    /// <summary>Change in place; a VM step with <see cref="PlanStep.Restart"/> restarts it (keeping disk, MAC and addresses).</summary>
    Update,

    /// <summary>
    /// Give a balancer its config without the VMs about to go (<see cref="PlanStep.Drains"/>): new flows stop going to
    /// them at once, and the daemon waits for their flows to end (or the rule's drain timeout) before the next step.
    /// </summary>
    Drain,

    Delete,
}
