// TEMPORARY: the compute runtime's contract while branch `compute` is being written; deleted at its merge.
using Flotilla.Compute.Qemu.Qmp;
using Flotilla.Core.Vms;
using Microsoft.Extensions.Logging;

namespace Flotilla.Compute;

public sealed record ComputeOptions
{
    public required string DataDir { get; init; }
    public required string HostName { get; init; }
    public string ImageDir { get; init; } = "";
    public string QemuBinary { get; init; } = "qemu-system-x86_64";
    public TimeSpan ShutdownGrace { get; init; } = TimeSpan.FromSeconds(60);
}

public sealed record AccelVerdict(string Accel, string Reason);
public sealed record TemplateInfo(string Name, int MinMemoryMiB);
public sealed record VmExit(bool Requested, string Reason);

public sealed class RunningVm : IAsyncDisposable
{
    public string Name { get; } = "";
    public int Pid { get; }
    public DateTimeOffset StartedAt { get; }
    public QmpClient Qmp { get; } = null!;
    public Task<VmExit> Exited { get; } = Task.FromResult(new VmExit(true, ""));
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

public sealed class TemplateNotFoundException(string name) : Exception($"unknown template '{name}'");
public sealed class QemuMissingException(string what) : Exception($"{what} is not installed");
public sealed class VmStartException(string message) : Exception(message);
public sealed class PortInUseException(int port) : Exception($"port {port} is in use");

public sealed class HostCompute : IAsyncDisposable
{
#pragma warning disable IDE0060, CA1822
    public HostCompute(ComputeOptions options, ILogger<HostCompute> logger, TimeProvider time) { }
    public Task<AccelVerdict> ProbeAccelAsync(CancellationToken ct) => throw new NotImplementedException();
    public Task<string> QemuVersionAsync(CancellationToken ct) => throw new NotImplementedException();
    public IReadOnlyList<TemplateInfo> Templates => throw new NotImplementedException();
    public Task PrepareAsync(VmSpec spec, CancellationToken ct) => throw new NotImplementedException();
    public Task<RunningVm> StartAsync(VmSpec spec, string accel, CancellationToken ct) => throw new NotImplementedException();
    public RunningVm? TryAttach(VmSpec spec) => throw new NotImplementedException();
    public Task ShutdownAsync(RunningVm vm, CancellationToken ct) => throw new NotImplementedException();
    public Task DestroyAsync(RunningVm vm, CancellationToken ct) => throw new NotImplementedException();
    public Task PauseAsync(RunningVm vm, CancellationToken ct) => throw new NotImplementedException();
    public Task ResumeAsync(RunningVm vm, CancellationToken ct) => throw new NotImplementedException();
    public Task ResetAsync(RunningVm vm, CancellationToken ct) => throw new NotImplementedException();
    public Task<int?> SetBalloonAsync(RunningVm vm, int targetMiB, CancellationToken ct) => throw new NotImplementedException();
    public Task DeleteAsync(string vmName, CancellationToken ct) => throw new NotImplementedException();
    public string ConsoleLogPath(string vmName) => throw new NotImplementedException();
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
#pragma warning restore IDE0060, CA1822
}
