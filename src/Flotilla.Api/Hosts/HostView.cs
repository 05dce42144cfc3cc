namespace Flotilla.Api.Hosts;

/// <summary><c>GET /v1/host</c>: acceleration and why, capacity, what is allocated.</summary>
public sealed record HostView(
    string Name, string Accel, string AccelReason, int Cpus, long MemoryMiB, int ReservedCpus, long ReservedMemoryMiB,
    double CpuOvercommit, double MemoryOvercommit, int AllocatedCpus, long AllocatedMemoryMiB, string QemuVersion, int Vms);
