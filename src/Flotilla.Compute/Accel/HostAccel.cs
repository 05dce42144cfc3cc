using Flotilla.Compute.Images;
using Flotilla.Compute.Qemu;
using Flotilla.Compute.Vms;
using Microsoft.Extensions.Logging;

namespace Flotilla.Compute.Accel;

/// <summary>How this host runs guests: kvm or tcg, decided once per QEMU version and cached.</summary>
public sealed partial class HostAccel : IDisposable
{
    private readonly ComputeOptions _options;
    private readonly VmLayout _layout;
    private readonly TemplateCatalog _catalog;
    private readonly TemplateStore _store;
    private readonly AccelVerdictCache _cache;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);

    internal HostAccel(ComputeOptions options, VmLayout layout, TemplateCatalog catalog, TemplateStore store, TimeProvider time, ILogger<HostAccel> logger)
    {
        _options = options;
        _layout = layout;
        _catalog = catalog;
        _store = store;
        _cache = new AccelVerdictCache(layout.AccelFile);
        _time = time;
        _logger = logger;
    }

    /// <exception cref="QemuMissingException">QEMU is not installed.</exception>
    public Task<string> QemuVersionAsync(CancellationToken cancellationToken) => QemuTools.VersionAsync(_options.QemuBinary, cancellationToken);

    /// <summary>
    /// kvm or tcg, and why: the verdict cached in <c>DATA_DIR/accel.json</c> for this QEMU version, else a boot probe
    /// (a tiny guest under <c>-accel kvm</c> that must reach its init within 10 s), whose verdict is then cached.
    /// </summary>
    public async Task<AccelVerdict> ProbeAsync(CancellationToken cancellationToken)
    {
        var version = await QemuVersionAsync(cancellationToken).ConfigureAwait(false);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_cache.Read(version) is { } cached) return cached;
            var template = _catalog.List().FirstOrDefault();
            if (template is null)
            {
                // Not cached: once a template is built, the next call probes for real.
                return new AccelVerdict(AccelVerdict.Tcg, $"kvm: not probed, no template in {_options.ImageDir} to boot");
            }
            var files = await _store.EnsureAsync(template, cancellationToken).ConfigureAwait(false);
            var probe = new AccelProbe(_options.QemuBinary, _time, _options.AccelProbeTimeout);
            var verdict = await probe.ProbeAsync(files, Path.Combine(_layout.DataDir, $"accel-probe-{Guid.NewGuid():N}"), cancellationToken).ConfigureAwait(false);
            _cache.Write(new AccelRecord { Accel = verdict.Accel, Reason = verdict.Reason, QemuVersion = version, Host = _options.HostName, ProbedAt = _time.GetUtcNow() });
            Log.AccelProbed(_logger, verdict.Accel, verdict.Reason);
            return verdict;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();
}
