using Flotilla.Cli.Commands.Vm;
using VmView = Flotilla.Api.Vms.VmView;

namespace Flotilla.Cli.Tests.Commands.Vm;

/// <summary>What each verb waits for, judged on the VM as flotillad reports it.</summary>
public sealed class WaitGoalTests
{
    [Theory]
    [InlineData("Start", "Running", true)]
    [InlineData("Start", "Starting", false)]
    [InlineData("Resume", "Running", true)]
    [InlineData("Resume", "Paused", false)]
    [InlineData("Shutdown", "Stopped", true)]
    [InlineData("Shutdown", "ShuttingDown", false)]
    [InlineData("Destroy", "Stopped", true)]
    [InlineData("Pause", "Paused", true)]
    [InlineData("Pause", "Running", false)]
    public void A_verb_is_done_when_the_state_follows(string verb, string state, bool reached)
    {
        var goal = WaitGoal.For(Enum.Parse<VmVerb>(verb), Vm(VmState.Stopped));
        Assert.Equal(reached, goal.IsReached(Vm(Enum.Parse<VmState>(state))));
    }

    [Theory]
    [InlineData(2, "Running", true)]
    [InlineData(3, "Running", true)]
    [InlineData(1, "Running", false)]
    [InlineData(2, "Starting", false)]
    public void A_reboot_is_done_when_its_generation_is_observed_and_the_vm_runs(long observed, string state, bool reached)
    {
        var goal = WaitGoal.For(VmVerb.Reboot, Vm(VmState.Running, rebootGeneration: 2, observed: 1));
        Assert.Equal(reached, goal.IsReached(Vm(Enum.Parse<VmState>(state), rebootGeneration: 2, observed: observed)));
    }

    [Theory]
    [InlineData("Shutdown", true, true)]
    [InlineData("Destroy", true, true)]
    [InlineData("Destroy", false, false)]
    [InlineData("Start", true, false)]
    public void Only_a_transient_vm_may_be_gone_after_it_stops(string verb, bool transient, bool goneIsReached)
    {
        Assert.Equal(goneIsReached, WaitGoal.For(Enum.Parse<VmVerb>(verb), Vm(VmState.Running, transient: transient)).GoneIsReached);
    }

    private static VmView Vm(VmState state, long rebootGeneration = 0, long observed = 0, bool transient = false) => new(
        "web-1",
        0,
        new VmSpec { Name = "web-1", Template = "tiny-web", Mac = "52:54:00:12:34:56", InstanceId = "i-web-1", Transient = transient, RebootGeneration = rebootGeneration },
        new VmStatus { State = state, ObservedRebootGeneration = observed });
}
