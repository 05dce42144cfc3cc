using System.Collections.Concurrent;
using System.Net;
using Flotilla.Balancer.Configuration;
using Flotilla.Balancer.Namespaces;
using Microsoft.Extensions.Logging;

namespace Flotilla.Balancer.Health;

/// <summary>
/// Owns every probe target. A reload syncs it to the new set of targets: targets that stay
/// keep their state and loop, new ones start and run their first probe before the config
/// that needs them goes live (for at most <see cref="FirstResultWait"/>: a member that has not
/// answered by then is out of rotation until its probe passes, rather than holding the whole
/// config back for a probe timeout, as a booting VM would), removed ones stop.
/// </summary>
public sealed class HealthMonitor : IAsyncDisposable
{
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly HttpMessageInvoker _http;

    /// <summary>For members inside a namespace; apart, so the host's probes stay exactly as they were.</summary>
    private readonly HttpMessageInvoker _namespacedHttp;
    private readonly ConcurrentDictionary<ProbeTargetKey, ProbeTarget> _targets = new();

    /// <summary>How long an apply waits for new targets' first results (an answering member takes milliseconds).</summary>
    public static readonly TimeSpan FirstResultWait = TimeSpan.FromSeconds(1);

    public HealthMonitor(TimeProvider time, ILogger logger)
    {
        _time = time;
        _logger = logger;
        _http = new HttpMessageInvoker(CreateHandler());
        var namespaced = CreateHandler();
        namespaced.ConnectCallback = NamespacedHttpConnect.ConnectAsync;
        _namespacedHttp = new HttpMessageInvoker(namespaced);
    }

    private static SocketsHttpHandler CreateHandler() => new()
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        PooledConnectionLifetime = TimeSpan.Zero,
        SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
    };

    public IReadOnlyCollection<ProbeTarget> Targets => [.. _targets.Values];

    public ProbeTarget? Find(ProbeTargetKey key) => _targets.GetValueOrDefault(key);

    /// <summary>Starts the targets in <paramref name="wanted"/> not running yet and waits for their first result.</summary>
    public async Task<IReadOnlyList<ProbeTarget>> AddAsync(IEnumerable<ProbeTargetKey> wanted, CancellationToken cancellationToken)
    {
        var added = new List<ProbeTarget>();
        foreach (var key in wanted.Distinct())
        {
            if (!_targets.ContainsKey(key))
            {
                var target = new ProbeTarget(key, CreateProbe(key.Probe, key.Namespace), _time, _logger);
                _targets[key] = target;
                added.Add(target);
                target.Start();
            }
        }

        try
        {
            await Task.WhenAll(added.Select(t => t.FirstResult)).WaitAsync(FirstResultWait, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Unknown is out of rotation; the target's first result brings the member in when it comes.
        }

        return added;
    }

    /// <summary>Stops every target not in <paramref name="keep"/>.</summary>
    public async Task RetainAsync(IEnumerable<ProbeTargetKey> keep)
    {
        var kept = keep.ToHashSet();
        foreach (var key in _targets.Keys.Where(k => !kept.Contains(k)).ToList())
        {
            await _targets[key].DisposeAsync().ConfigureAwait(false);
            _targets.TryRemove(key, out _);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await RetainAsync([]).ConfigureAwait(false);
        _http.Dispose();
        _namespacedHttp.Dispose();
    }

    private IHealthProbe CreateProbe(ProbeConfig probe, NetworkNamespace? network) => probe.Protocol switch
    {
        ProbeProtocol.Tcp => new TcpHealthProbe(network),
        ProbeProtocol.Http or ProbeProtocol.Https => new HttpHealthProbe(network is null ? _http : _namespacedHttp, https: probe.Protocol == ProbeProtocol.Https, probe.Path, probe.ExpectedStatus, network),
        _ => throw new ArgumentOutOfRangeException(nameof(probe), probe.Protocol, "unknown probe protocol"),
    };

    public static ProbeTargetKey KeyFor(string balancer, ProbeConfig probe, IPEndPoint member, NetworkNamespace? network = null) => new(balancer, probe, member, network);
}
