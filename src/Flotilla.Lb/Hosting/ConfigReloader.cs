using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Threading.Channels;
using Flotilla.Balancer.Configuration;
using Flotilla.Balancer.Runtime;
using Flotilla.Core.Specs;

namespace Flotilla.Lb.Hosting;

/// <summary>
/// Reloads lb.yaml when the file changes, and on SIGHUP even when it did not (which retries at once
/// the frontends still waiting for their port, and re-reads certificates). A config that fails validation or
/// cannot go live is rejected with one log line and the previous one keeps serving.
/// </summary>
internal sealed partial class ConfigReloader : IAsyncDisposable
{
    /// <summary>Editors write a file in several steps; wait for them to settle.</summary>
    private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(250);

    private readonly string _path;
    private readonly LbRuntime _runtime;
    private readonly ILogger _logger;
    private readonly FileSystemWatcher _watcher;
    private readonly PosixSignalRegistration _sighup;
    /// <summary>Wakes the loop; one pending wake-up is enough, as every reload reads the file anew.</summary>
    private readonly Channel<bool> _requests = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>
    /// 1 once a SIGHUP came and no reload has taken it yet. Kept apart from the wake-ups: a file
    /// event already waiting in the channel would otherwise swallow the signal's request.
    /// </summary>
    private int _forceRequested;
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;
    private byte[] _appliedHash;
    private readonly ReadyNotifier? _notifier;

    /// <summary>Watches from now on; reloads only once <see cref="Start"/> is called.</summary>
    /// <param name="appliedContent">The bytes of the config about to go live: a change made
    /// between that read and <see cref="Start"/> is still seen as a change.</param>
    /// <param name="notifier">Told when each reload ends, live or rejected.</param>
    public ConfigReloader(string path, byte[] appliedContent, LbRuntime runtime, ILogger<ConfigReloader> logger, ReadyNotifier? notifier = null)
    {
        _notifier = notifier;
        _path = Path.GetFullPath(path);
        _runtime = runtime;
        _logger = logger;
        _appliedHash = SHA256.HashData(appliedContent);
        LiveSha256 = Convert.ToHexStringLower(_appliedHash);
        _watcher = new FileSystemWatcher(Path.GetDirectoryName(_path)!, Path.GetFileName(_path))
        {
            NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size | NotifyFilters.CreationTime,
        };
        _watcher.Changed += (_, _) => _requests.Writer.TryWrite(true);
        _watcher.Created += (_, _) => _requests.Writer.TryWrite(true);
        _watcher.Renamed += (_, _) => _requests.Writer.TryWrite(true);
        _watcher.EnableRaisingEvents = true;
        _sighup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
        {
            context.Cancel = true;
            Volatile.Write(ref _forceRequested, 1);
            _requests.Writer.TryWrite(true);
        });
        // The watcher may have missed a write made before it existed: look once at start.
        _requests.Writer.TryWrite(true);
    }

    public void Start() => _loop = RunAsync(_stop.Token);

    public long Reloads { get; private set; }

    public long Rejected { get; private set; }

    /// <summary>
    /// SHA-256 (hex) of the bytes of the config that is live: a supervisor that wrote a file knows its
    /// own hash, and so knows from /status whether its config went live, not just that some reload ran.
    /// </summary>
    public string LiveSha256 { get; private set; }

    /// <summary>Why the latest rejected reload was rejected (one line), or null.</summary>
    public string? LastRejection { get; private set; }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var request in _requests.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                await Task.Delay(Settle, cancellationToken).ConfigureAwait(false);
                _requests.Reader.TryRead(out _);
                // Taken after the settle, so a SIGHUP during it is served by this reload.
                var force = Interlocked.Exchange(ref _forceRequested, 0) == 1;
                await ReloadAsync(force, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // Shutting down.
        }
    }

    private async Task ReloadAsync(bool force, CancellationToken cancellationToken)
    {
        var hash = HashOf(_path);
        if (!force && hash.AsSpan().SequenceEqual(_appliedHash))
        {
            return;
        }

        try
        {
            var config = LbConfigReader.Load(_path);
            await _runtime.ApplyAsync(config, cancellationToken).ConfigureAwait(false);
            _appliedHash = hash;
            LiveSha256 = Convert.ToHexStringLower(hash);
            Reloads++;
            LogReloaded(_logger, _path, config.Balancers.Sum(b => b.Rules.Count), config.Routers.Count);
            _notifier?.Ready("reloaded");
        }
        catch (Exception e) when (e is SpecException or LbApplyException)
        {
            _appliedHash = hash;
            LastRejection = e.Message;
            Rejected++;
            LogRejected(_logger, e.Message);
            _notifier?.Ready($"reload rejected: {e.Message}");
        }
    }

    private static byte[] HashOf(string path)
    {
        try
        {
            return SHA256.HashData(File.ReadAllBytes(path));
        }
        catch (IOException)
        {
            return [];
        }
    }

    public async ValueTask DisposeAsync()
    {
        _watcher.Dispose();
        _sighup.Dispose();
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
    }

    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "Reloaded {Path}: {Rules} rules and {Routers} routers live")]
    private static partial void LogReloaded(ILogger logger, string path, int rules, int routers);

    [LoggerMessage(EventId = 11, Level = LogLevel.Error, Message = "Reload rejected, the previous config keeps serving: {Problem}")]
    private static partial void LogRejected(ILogger logger, string problem);
}
