using Flotilla.Core.Vms;

namespace Flotilla.Core.Tests.Vms;

/// <summary>Which daemon runs a VM: the one its spec names, or, for a record from before hosts, the one reading it.</summary>
public sealed class VmSpecHostTests
{
    private static readonly VmSpec Spec = new() { Name = "web", Template = "alpine", Mac = "52:54:00:00:00:01", InstanceId = "i-1" };

    [Fact]
    public void A_spec_naming_this_host_runs_here() => Assert.True((Spec with { Host = "host-a" }).RunsOn("host-a"));

    [Fact]
    public void A_spec_naming_another_host_does_not_run_here() => Assert.False((Spec with { Host = "host-b" }).RunsOn("host-a"));

    [Fact]
    public void Host_names_compare_exactly() => Assert.False((Spec with { Host = "Host-A" }).RunsOn("host-a"));

    [Fact]
    public void A_record_from_before_hosts_runs_on_the_host_reading_it() => Assert.True(Spec.RunsOn("host-a"));
}
