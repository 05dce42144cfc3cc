using Flotilla.Compute;
using Flotilla.Core.Vms;
using Flotilla.Daemon.Vms;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace Flotilla.Daemon.Api;

internal static class HostEndpoints
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/v1/host", async (DaemonState state, VmRepository repo, HostCompute compute, CancellationToken ct) =>
        {
            var accel = await state.AccelAsync(ct).ConfigureAwait(false);
            var vms = await repo.ListAsync(ct).ConfigureAwait(false);
            var allocated = vms.Where(v => v.Spec.Power != PowerState.Stopped).Select(v => v.Spec).ToList();
            var c = state.Capacity;
            return new HostView(state.HostName, accel.Accel, accel.Reason, c.Cpus, c.MemoryMiB, c.ReservedCpus, c.ReservedMemoryMiB,
                c.CpuOvercommit, c.MemoryOvercommit, allocated.Sum(v => v.Cpus), allocated.Sum(v => (long)v.MemoryMiB),
                await compute.Accel.QemuVersionAsync(ct).ConfigureAwait(false), vms.Count);
        }).WithTags("host");
}
