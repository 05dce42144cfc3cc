using Flotilla.Core.Vms;
using Flotilla.Daemon.Vms;

namespace Flotilla.Daemon.Tests.Vms;

public sealed class HostCapacityTests
{
    private static VmSpec Vm(string name, int cpus, int memory) => new() { Name = name, Template = "tiny-web", Cpus = cpus, MemoryMiB = memory, Mac = "52:54:00:00:00:01", InstanceId = "i" };

    private static readonly HostCapacity TwoCores4G = new(Cpus: 2, MemoryMiB: 4096, ReservedCpus: 0, ReservedMemoryMiB: 1024, CpuOvercommit: 4.0, MemoryOvercommit: 1.0);

    [Fact]
    public void Memory_is_not_overcommitted_and_the_message_says_what_is_short()
    {
        TwoCores4G.Check([Vm("a", 1, 2048)], Vm("b", 1, 1024));
        var e = Assert.Throws<InsufficientCapacityException>(() => TwoCores4G.Check([Vm("a", 1, 2048)], Vm("b", 1, 1025)));
        Assert.Contains("not enough memory for 'b': it needs 1025 MiB, 1024 MiB are free", e.Message);
    }

    [Fact]
    public void Cpus_overcommit_by_the_ratio()
    {
        TwoCores4G.Check([Vm("a", 4, 64), Vm("b", 3, 64)], Vm("c", 1, 64));
        var e = Assert.Throws<InsufficientCapacityException>(() => TwoCores4G.Check([Vm("a", 4, 64), Vm("b", 4, 64)], Vm("c", 1, 64)));
        Assert.Contains("not enough CPUs for 'c'", e.Message);
    }

    [Fact]
    public void A_vm_does_not_count_against_itself()
    {
        TwoCores4G.Check([Vm("a", 1, 3072)], Vm("a", 1, 3072));
    }

    [Fact]
    public void A_stack_is_checked_whole_beside_the_other_vms()
    {
        TwoCores4G.CheckStack("site", [Vm("other", 1, 1024)], [(1, 1024), (1, 1024)]);
        var e = Assert.Throws<InsufficientCapacityException>(() => TwoCores4G.CheckStack("site", [Vm("other", 1, 1024)], [(1, 1024), (1, 1024), (1, 1)]));
        Assert.Contains("stack 'site' does not fit: its 3 running VMs need 2049 MiB of memory, 2048 MiB are free", e.Message);
        Assert.Contains("1024 MiB held by 1 other VMs", e.Message);
        var cpus = Assert.Throws<InsufficientCapacityException>(() => TwoCores4G.CheckStack("site", [Vm("other", 4, 64)], [(2, 64), (3, 64)]));
        Assert.Contains("its 2 running VMs need 5 CPUs, 4 are free", cpus.Message);
    }

    [Fact]
    public void A_vm_larger_than_the_host_is_refused_before_it_is_defined()
    {
        TwoCores4G.CheckFitsAlone("fits", 8, 3072);
        var memory = Assert.Throws<InsufficientCapacityException>(() => TwoCores4G.CheckFitsAlone("huge", 1, 65536));
        Assert.Equal("VM 'huge' could never start on this host: it asks for 65536 MiB of memory and the host gives its VMs at most 3072 MiB (4096 MiB, 1024 MiB reserved for the host, overcommit 1)", memory.Message);
        var cpus = Assert.Throws<InsufficientCapacityException>(() => TwoCores4G.CheckFitsAlone("wide", 9, 64));
        Assert.Contains("VM 'wide' could never start on this host: it asks for 9 CPUs and the host gives its VMs at most 8", cpus.Message);
    }
}
