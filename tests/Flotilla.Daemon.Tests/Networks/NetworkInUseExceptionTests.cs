using Flotilla.Core.Vms;
using Flotilla.Daemon.Networks;

namespace Flotilla.Daemon.Tests.Networks;

/// <summary>
/// The refusal names the step that frees the network: issue 14 saw "undefine them first" for a stack's VMs, which an
/// undefine refuses (they belong to the stack); <c>flotilla destroy STACK</c> is the step.
/// </summary>
public sealed class NetworkInUseExceptionTests
{
    private static VmSpec Vm(string name, string? stack = null) => new() { Name = name, Template = "t", Mac = "52:54:00:00:00:01", InstanceId = "i", Stack = stack };

    [Fact]
    public void A_stacks_vms_are_freed_by_destroying_the_stack() => Assert.Equal(
        "network 'web' is in use by VMs 'web-0', 'web-1': destroy stack 'website' (flotilla destroy website) first",
        new NetworkInUseException("web", [Vm("web-0", "website"), Vm("web-1", "website")]).Message);

    [Fact]
    public void A_vm_made_by_hand_is_undefined() => Assert.Equal(
        "network 'lab' is in use by VM 'probe': undefine it (flotilla vm undefine) first",
        new NetworkInUseException("lab", [Vm("probe")]).Message);

    [Fact]
    public void Both_kinds_get_both_steps() => Assert.Equal(
        "network 'web' is in use by VMs 'web-0', 'probe': destroy stack 'website' (flotilla destroy website) and undefine the other (flotilla vm undefine) first",
        new NetworkInUseException("web", [Vm("web-0", "website"), Vm("probe")]).Message);
}
