using System.Globalization;
using Flotilla.Compute.Images;
using Flotilla.Compute.Qemu;

namespace Flotilla.Compute.Accel;

/// <summary>
/// Decides kvm or tcg by booting, not by looking: on some machines <c>/dev/kvm</c> opens, yet a guest under
/// <c>-accel kvm</c> hangs at boot (and <c>-cpu host</c> aborts with "failed to set MSR 0x10a"). The probe boots the
/// template's kernel and initramfs with <c>-accel kvm</c>, 64 MiB, no disks, and says kvm only if the guest's init
/// writes its first console line (<c>flotilla-init: start</c>) within the timeout. The probe QEMU is always killed, and
/// runs under <c>timeout -s KILL</c> so that it dies even if we do first.
/// </summary>
internal sealed class AccelProbe(string qemuBinary, TimeProvider time, TimeSpan timeout)
{
    public const string InitMarker = "flotilla-init: start";
    private const string KvmDevice = "/dev/kvm";
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    public async Task<AccelVerdict> ProbeAsync(TemplateFiles template, string workDir, CancellationToken cancellationToken)
    {
        if (!File.Exists(KvmDevice)) return Tcg($"kvm: {KvmDevice} does not exist");
        try
        {
            using var kvm = File.Open(KvmDevice, FileMode.Open, FileAccess.ReadWrite);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Tcg($"kvm: cannot open {KvmDevice}: {e.Message}");
        }
        Directory.CreateDirectory(workDir);
        try
        {
            return await BootAsync(template, workDir, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Directory.Delete(workDir, recursive: true);
        }
    }

    private async Task<AccelVerdict> BootAsync(TemplateFiles template, string workDir, CancellationToken cancellationToken)
    {
        var console = Path.Combine(workDir, "console.log");
        var log = Path.Combine(workDir, "qemu.log");
        string[] arguments =
        [
            "-machine", QemuCommandLine.DefaultMachineType, "-accel", AccelVerdict.Kvm, "-nodefaults", "-no-user-config",
            "-m", "64", "-smp", "1", "-kernel", template.Kernel, "-initrd", template.Initrd,
            "-append", QemuCommandLine.KernelArguments, "-serial", $"file:{console}", "-display", "none", "-no-reboot",
        ];
        // Under `timeout -s KILL`: a daemon killed mid-probe must not leave a hung kvm QEMU behind for ever.
        var limit = ((int)Math.Ceiling(timeout.TotalSeconds) + 5).ToString(CultureInfo.InvariantCulture);
        var started = time.GetTimestamp();
        using var probe = QemuLauncher.Start(QemuTools.Resolve("timeout"), ["-s", "KILL", limit, QemuTools.Resolve(qemuBinary), .. arguments], log);
        try
        {
            while (true)
            {
                var elapsed = time.GetElapsedTime(started);
                if (File.Exists(console) && (await File.ReadAllTextAsync(console, cancellationToken).ConfigureAwait(false)).Contains(InitMarker, StringComparison.Ordinal))
                {
                    return new AccelVerdict(AccelVerdict.Kvm, $"kvm: a kvm guest reached its init in {Seconds(elapsed)} s");
                }
                if (probe.HasExited)
                {
                    var last = File.Exists(log) ? File.ReadLines(log).LastOrDefault(l => l.Length > 0) : null;
                    return Tcg($"kvm: QEMU exited with -accel kvm: {last ?? "no message"}");
                }
                if (elapsed > timeout) return Tcg($"kvm: QEMU did not boot within {Seconds(timeout)} s with -accel kvm");
                await Task.Delay(PollInterval, time, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            // SIGTERM to timeout(1): it passes the signal on to QEMU and reaps it before exiting. Killing
            // timeout first would orphan QEMU, and an orphan lingers as a zombie until PID 1 reaps it
            // (seconds, here), where process counts see it.
            if (!probe.HasExited) _ = Libc.kill(probe.Id, Libc.SigTerm);
            using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(3));
            try
            {
                await probe.WaitForExitAsync(bound.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                probe.Kill(entireProcessTree: true);
            }
        }
    }

    private static AccelVerdict Tcg(string reason) => new(AccelVerdict.Tcg, reason);

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.##", CultureInfo.InvariantCulture);
}
