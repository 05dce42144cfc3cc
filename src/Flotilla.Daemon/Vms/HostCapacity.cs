using System.Globalization;
using Flotilla.Core.Vms;

namespace Flotilla.Daemon.Vms;

/// <summary>
/// What this host can give its VMs: cores × the CPU overcommit ratio (default 4.0) and memory ×
/// the memory ratio (default 1.0, no overcommit, as seed 002 recommends), less a reserve for the
/// host itself. VMs count while they are meant to run.
/// </summary>
public sealed record HostCapacity(int Cpus, long MemoryMiB, int ReservedCpus, long ReservedMemoryMiB, double CpuOvercommit, double MemoryOvercommit)
{
    public static HostCapacity Detect(long reservedMemoryMiB = 1024, double cpuOvercommit = 4.0, double memoryOvercommit = 1.0) =>
        new(Environment.ProcessorCount, TotalMemoryMiB(), 0, reservedMemoryMiB, cpuOvercommit, memoryOvercommit);

    public double CpuLimit => (Cpus - ReservedCpus) * CpuOvercommit;
    public double MemoryLimitMiB => (MemoryMiB - ReservedMemoryMiB) * MemoryOvercommit;

    /// <exception cref="InsufficientCapacityException">Adding <paramref name="candidate"/> to <paramref name="allocated"/> exceeds a limit.</exception>
    public void Check(IEnumerable<VmSpec> allocated, VmSpec candidate)
    {
        var others = allocated.Where(v => v.Name != candidate.Name).ToList();
        var cpus = others.Sum(v => v.Cpus) + candidate.Cpus;
        var memory = others.Sum(v => (long)v.MemoryMiB) + candidate.MemoryMiB;
        if (memory > MemoryLimitMiB)
        {
            throw new InsufficientCapacityException(string.Create(CultureInfo.InvariantCulture,
                $"not enough memory for '{candidate.Name}': it needs {candidate.MemoryMiB} MiB, {Math.Max(0, MemoryLimitMiB - (memory - candidate.MemoryMiB)):0} MiB are free ({MemoryMiB} MiB, {ReservedMemoryMiB} MiB reserved for the host, overcommit {MemoryOvercommit})"));
        }
        if (cpus > CpuLimit)
        {
            throw new InsufficientCapacityException(string.Create(CultureInfo.InvariantCulture,
                $"not enough CPUs for '{candidate.Name}': it needs {candidate.Cpus}, {Math.Max(0, CpuLimit - (cpus - candidate.Cpus)):0.#} are free ({Cpus} cores × overcommit {CpuOvercommit})"));
        }
    }

    /// <summary>
    /// A VM this host could never run, even with nothing else running: refused when it is defined, not first at start.
    /// The running-capacity check (<see cref="Check"/>) stays at start, when other VMs are counted.
    /// </summary>
    /// <exception cref="InsufficientCapacityException">Alone, <paramref name="name"/> needs more than the host gives its VMs.</exception>
    public void CheckFitsAlone(string name, int cpus, long memoryMiB)
    {
        if (memoryMiB > MemoryLimitMiB)
        {
            throw new InsufficientCapacityException(string.Create(CultureInfo.InvariantCulture,
                $"VM '{name}' could never start on this host: it asks for {memoryMiB} MiB of memory and the host gives its VMs at most {MemoryLimitMiB:0} MiB ({MemoryMiB} MiB, {ReservedMemoryMiB} MiB reserved for the host, overcommit {MemoryOvercommit})"));
        }
        if (cpus > CpuLimit)
        {
            throw new InsufficientCapacityException(string.Create(CultureInfo.InvariantCulture,
                $"VM '{name}' could never start on this host: it asks for {cpus} CPUs and the host gives its VMs at most {CpuLimit:0.#} ({Cpus} cores × overcommit {CpuOvercommit})"));
        }
    }

    /// <summary>
    /// A stack's plan, checked whole before anything is made: every VM it wants running (<paramref name="wanted"/>, its
    /// current VMs included, as they may change size) beside the host's other running VMs.
    /// </summary>
    /// <exception cref="InsufficientCapacityException">The stack does not fit; the message gives both sums.</exception>
    public void CheckStack(string stack, IEnumerable<VmSpec> others, IReadOnlyCollection<(int Cpus, int MemoryMiB)> wanted)
    {
        var other = others.ToList();
        var (otherCpus, otherMemory) = (other.Sum(v => v.Cpus), other.Sum(v => (long)v.MemoryMiB));
        var (cpus, memory) = (wanted.Sum(v => v.Cpus), wanted.Sum(v => (long)v.MemoryMiB));
        var vms = wanted.Count == 1 ? "1 running VM needs" : $"{wanted.Count} running VMs need";
        if (otherMemory + memory > MemoryLimitMiB)
        {
            throw new InsufficientCapacityException(string.Create(CultureInfo.InvariantCulture,
                $"stack '{stack}' does not fit: its {vms} {memory} MiB of memory, {Math.Max(0, MemoryLimitMiB - otherMemory):0} MiB are free ({MemoryMiB} MiB, {ReservedMemoryMiB} MiB reserved for the host, overcommit {MemoryOvercommit}, {otherMemory} MiB held by {other.Count} other VMs)"));
        }
        if (otherCpus + cpus > CpuLimit)
        {
            throw new InsufficientCapacityException(string.Create(CultureInfo.InvariantCulture,
                $"stack '{stack}' does not fit: its {vms} {cpus} CPUs, {Math.Max(0, CpuLimit - otherCpus):0.#} are free ({Cpus} cores × overcommit {CpuOvercommit}, {otherCpus} held by {other.Count} other VMs)"));
        }
    }

    private static long TotalMemoryMiB()
    {
        foreach (var line in File.ReadLines("/proc/meminfo"))
        {
            if (line.StartsWith("MemTotal:", StringComparison.Ordinal))
            {
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
            }
        }
        return 0;
    }
}
