using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Channels;
using Flotilla.Balancer.Contract.Status;
using Flotilla.Compute;
using Flotilla.Compute.Qemu;
using Flotilla.Daemon.Events;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Flotilla.Daemon.Balancers;

/// <summary>
/// Runs the host's one flotilla-lb for all its balancers. Woken by every change under <c>balancers/</c> and by the
/// process exiting, it writes the config (temp file + rename, so flotilla-lb never reads half a file), starts the
/// process when there is none, reloads it with SIGHUP when the config changed, and stops it (and removes its files)
/// when the last balancer goes. A process that dies is started again after a back-off (1 s, doubling to 30 s; back
/// to 1 s after a minute of running). The daemon's own stop leaves flotilla-lb running, and the next daemon adopts it
/// by pid file and command line, so flows through it never notice. A poll of its admin API every second keeps the
/// health that <c>GET /v1/balancers</c> shows and tells probe events.
/// </summary>
internal sealed partial class LbSupervisor(
    BalancerRepository balancers, HostCompute compute, LbPaths paths, EventLog events, TimeProvider time, ILogger<LbSupervisor> logger) : BackgroundService
{
    private const int SigHup = 1;
    private const string Object = "flotilla-lb";
    private static readonly TimeSpan PollPeriod = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan StableRun = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan ReloadTimeout = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan ReadyPollCeiling = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan PrestartHold = TimeSpan.FromMinutes(2);

    private readonly Channel<bool> _signal = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly LbAdminClient _admin = new();
    private readonly LbHealthEvents _health = new();
    private readonly Lock _eventOrder = new();
    private QemuProcess? _process;
    private int? _adminPort;
    private string? _written;
    private Dictionary<string, long> _writtenRevisions = new(StringComparer.Ordinal);
    private DateTimeOffset _startedAt;
    private DateTimeOffset _notBefore;
    /// <summary>Until when (UTC ticks) flotilla-lb runs with no balancer: see <see cref="Prestart"/>.</summary>
    private long _heldUntil;
    private TimeSpan _backoff = TimeSpan.FromSeconds(1);
    private bool _crashed;
    private volatile bool _forceReload;
    /// <summary>After adopting: the first status only seeds health, so a daemon restart tells no probe event twice.</summary>
    private bool _seedHealth;
    private volatile LbState _state = LbState.Stopped;
    private volatile StatusReport? _status;
    private LbReadySocket? _ready;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public LbState State
    {
        get => _state;
        private set
        {
            _state = value;
            Changed();
        }
    }

    /// <summary>flotilla-lb's latest /status (at most a second or so old), or null.</summary>
    public StatusReport? Status
    {
        get => _status;
        private set
        {
            _status = value;
            Changed();
        }
    }

    /// <summary>
    /// Completes at the next change of <see cref="State"/> or <see cref="Status"/>: a caller waiting for a balancer to
    /// go live takes this before it looks, and so learns of the confirmation when it happens, not on a period.
    /// </summary>
    public Task NextChange => Volatile.Read(ref _changed).Task;

    private void Changed() => Interlocked.Exchange(ref _changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    public void Signal() => _signal.Writer.TryWrite(true);

    /// <summary>
    /// A stack's apply is about to put balancers: flotilla-lb starts now if none runs, with no balancer yet, so its
    /// start (a .NET process: a second or two of CPU, more on a busy host) overlaps the apply's networks and VMs and
    /// the balancer's own step is a reload. Without a balancer it is kept <see cref="PrestartHold"/>, then stopped as
    /// after the last balancer (an apply that failed before its balancers leaves nothing running).
    /// </summary>
    public void Prestart()
    {
        Interlocked.Exchange(ref _heldUntil, (time.GetUtcNow() + PrestartHold).UtcTicks);
        Signal();
    }

    /// <summary>
    /// A network's namespace was rebuilt: flotilla-lb knows a namespace by its inode, so the same config must be
    /// reloaded for its pools to open their sockets in the new one.
    /// </summary>
    public void ReloadNamespaces()
    {
        _forceReload = true;
        Signal();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            Adopt();
            var listed = await balancers.Store.ListAsync(BalancerRepository.Prefix, stoppingToken).ConfigureAwait(false);
            var watching = WatchAsync(listed.Revision + 1, stoppingToken);
            var polling = PollAsync(stoppingToken);
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await ReconcileAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    Log.Failed(logger, e);
                    _notBefore = time.GetUtcNow() + TimeSpan.FromSeconds(5);
                }
                await WaitAsync(stoppingToken).ConfigureAwait(false);
            }
            await Task.WhenAll(watching, polling).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The daemon stops; flotilla-lb keeps serving (the next daemon adopts it).
        }
        finally
        {
            _process?.Dispose();
            _ready?.Dispose();
        }
    }

    private void Adopt()
    {
        Directory.CreateDirectory(paths.Dir);
        if (LbLauncher.TryAdopt(paths) is not { } process) return;
        var text = File.Exists(paths.Config) ? File.ReadAllText(paths.Config) : null;
        if (text is null || HostLbConfig.AdminPort(text) is not { } port)
        {
            // Without its config we cannot reach its admin API: replace it.
            Libc.kill(process.Pid, Libc.SigTerm);
            process.Dispose();
            return;
        }
        _process = process;
        _adminPort = port;
        _written = text;
        // It was started with this path as its NOTIFY_SOCKET: bound again, its next READY=1 reaches us.
        ListenForReady();
        _startedAt = ProcessTable.StartTime(process.Pid) ?? time.GetUtcNow();
        _seedHealth = true;
        WatchExit(process);
        State = new LbState(LbProcessStates.Running, process.Pid, null, new Dictionary<string, long>());
        Log.Adopted(logger, process.Pid);
        events.Publish("lb.adopted", Object, $"pid {process.Pid} re-adopted, serving as before");
    }

    private async Task ReconcileAsync(CancellationToken ct)
    {
        var specs = await balancers.ListAsync(ct).ConfigureAwait(false);
        var revisions = specs.ToDictionary(s => s.Spec.Name!, s => s.Revision, StringComparer.Ordinal);
        if (_process is { Exited.IsCompleted: true } exited) OnExited(exited);
        // The hold is for the balancers a prestart expects: once they came, the last one going stops flotilla-lb at
        // once (a destroy leaves nothing running).
        if (specs.Count > 0) Interlocked.Exchange(ref _heldUntil, 0);
        if (specs.Count == 0 && time.GetUtcNow().UtcTicks >= Interlocked.Read(ref _heldUntil))
        {
            await StopProcessAsync().ConfigureAwait(false);
            return;
        }
        if (_process is null)
        {
            if (time.GetUtcNow() < _notBefore) return;
            await StartProcessAsync(specs.Select(s => s.Spec).ToList(), revisions, ct).ConfigureAwait(false);
            return;
        }
        var text = Render(_adminPort!.Value, specs.Select(s => s.Spec));
        var forced = _forceReload;
        _forceReload = false;
        // A config flotilla-lb rejected is sent again when a balancer is put again (a stack's re-apply), even unchanged:
        // what stopped it (a port another program held) may be gone.
        var retry = _state.Rejected.Count > 0 && !SameRevisions(revisions, _writtenRevisions);
        if (text == _written && !forced && !retry)
        {
            // Adopted with the config we would write, or put again unchanged: the same config serves these revisions.
            if (_state.Rejected.Count == 0) State = _state with { LiveRevisions = revisions };
            _writtenRevisions = revisions;
            return;
        }
        var rejectedBefore = (await _admin.StatusAsync(_adminPort.Value, ct).ConfigureAwait(false))?.RejectedReloads ?? 0;
        Write(text);
        var changes = Changes(_writtenRevisions, revisions);
        _written = text;
        _writtenRevisions = revisions;
        _ready?.Forget();
        Libc.kill(_process.Pid, SigHup);
        var (live, why) = await WaitLiveAsync(text, rejectedBefore, ReloadTimeout, ct).ConfigureAwait(false);
        if (live)
        {
            State = _state with { Message = null, LiveRevisions = revisions, Rejected = new Dictionary<string, long>() };
            events.Publish("lb.reloaded", Object, $"pid {_process.Pid}: {changes}");
        }
        else
        {
            State = _state with { Message = $"reload not live: {why}", Rejected = revisions };
            events.Publish("lb.reload-rejected", Object, $"pid {_process.Pid}: {changes} not live, the previous config keeps serving: {why}");
        }
    }

    private async Task StartProcessAsync(IReadOnlyList<BalancerSpec> specs, Dictionary<string, long> revisions, CancellationToken ct)
    {
        _adminPort = FreeLoopbackPort();
        var text = Render(_adminPort.Value, specs);
        Write(text);
        _written = text;
        _writtenRevisions = revisions;
        ListenForReady();
        _ready?.Forget();
        var process = LbLauncher.Start(paths, _ready?.Path);
        _process = process;
        _startedAt = time.GetUtcNow();
        _health.Forget();
        WatchExit(process);
        State = new LbState(LbProcessStates.Starting, process.Pid, null, new Dictionary<string, long>());
        var (live, why) = await WaitLiveAsync(text, 0, StartTimeout, ct).ConfigureAwait(false);
        var verb = _crashed ? "restarted" : "started";
        if (!live)
        {
            // It exited (the exit is handled on the next pass, with back-off) or never answered.
            State = _state with { Message = why };
            Log.NotLive(logger, process.Pid, why);
            return;
        }
        _crashed = false;
        // Running and its event together: the status poll, which tells probe events once the state is Running, must
        // not tell one between the two (a watcher saw probe.up before lb.started).
        lock (_eventOrder)
        {
            State = new LbState(LbProcessStates.Running, process.Pid, null, revisions);
            events.Publish($"lb.{verb}", Object, $"pid {process.Pid} serving {(revisions.Count == 0 ? "no balancer yet (started ahead of a stack's)" : string.Join(", ", revisions.Keys))} (config {paths.Config}, admin 127.0.0.1:{_adminPort})");
        }
        Log.Started(logger, process.Pid, _adminPort.Value, paths.Config);
    }

    private void OnExited(QemuProcess exited)
    {
        var code = exited.Exited.IsCompletedSuccessfully ? exited.Exited.Result : null;
        _process = null;
        exited.Dispose();
        File.Delete(paths.PidFile);
        _health.Forget();
        Status = null;
        var now = time.GetUtcNow();
        _backoff = now - _startedAt > StableRun ? TimeSpan.FromSeconds(1) : _crashed ? TimeSpan.FromTicks(Math.Min(_backoff.Ticks * 2, MaxBackoff.Ticks)) : TimeSpan.FromSeconds(1);
        _notBefore = now + _backoff;
        _crashed = true;
        var how = code is { } c ? $"exited with code {c}" : "exited";
        State = new LbState(LbProcessStates.Restarting, null, $"pid {exited.Pid} {how}; restarting in {_backoff.TotalSeconds:0} s (log: {paths.Log})", new Dictionary<string, long>());
        Log.Exited(logger, exited.Pid, how, _backoff.TotalSeconds);
        events.Publish("lb.exited", Object, $"pid {exited.Pid} {how}; restarting in {_backoff.TotalSeconds:0} s (log: {paths.Log})");
    }

    private async Task StopProcessAsync()
    {
        if (_process is { } process)
        {
            Libc.kill(process.Pid, Libc.SigTerm);
            try
            {
                await process.Exited.WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                process.Kill();
            }
            process.Dispose();
            _process = null;
            events.Publish("lb.stopped", Object, $"pid {process.Pid} stopped: no balancer left");
            Log.Stopped(logger, process.Pid);
        }
        Status = null;
        _written = null;
        _crashed = false;
        State = LbState.Stopped;
        _ready?.Dispose();
        _ready = null;
        if (Directory.Exists(paths.Dir)) Directory.Delete(paths.Dir, recursive: true);
    }

    /// <summary>
    /// Until /status shows <paramref name="text"/> live, a reload rejected, the process gone, or the timeout. /status is
    /// read when flotilla-lb says READY=1 (<see cref="LbReadySocket"/>); without that message (a flotilla-lb that does
    /// not send it, or no socket) it is polled, from 20 ms doubling to <see cref="ReadyPollCeiling"/>.
    /// </summary>
    private async Task<(bool Live, string Why)> WaitLiveAsync(string text, long rejectedBefore, TimeSpan timeout, CancellationToken ct)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
        var deadline = time.GetUtcNow() + timeout;
        var poll = TimeSpan.FromMilliseconds(20);
        while (time.GetUtcNow() < deadline)
        {
            if (_process is not { Exited.IsCompleted: false }) return (false, "flotilla-lb exited (see its log)");
            if (await _admin.StatusAsync(_adminPort!.Value, ct).ConfigureAwait(false) is { } status)
            {
                Status = status;
                if (status.ConfigSha256 == hash) return (true, "");
                if (status.RejectedReloads > rejectedBefore) return (false, status.LastRejection ?? "rejected");
            }
            if (_ready is { } ready) await ready.WaitAsync(poll, time, ct).ConfigureAwait(false);
            else await Task.Delay(poll, time, ct).ConfigureAwait(false);
            poll = TimeSpan.FromTicks(Math.Min(poll.Ticks * 2, ReadyPollCeiling.Ticks));
        }
        return (false, $"not live within {timeout.TotalSeconds:0} s");
    }

    private async Task PollAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(PollPeriod, time);
        while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false))
        {
            if (_adminPort is not { } port || _process is not { Exited.IsCompleted: false }) continue;
            try
            {
                if (await _admin.StatusAsync(port, ct).ConfigureAwait(false) is not { } status) continue;
                Status = status;
                if (_seedHealth)
                {
                    _seedHealth = false;
                    _health.Seed(status);
                    continue;
                }
                // Probe events follow lb.started: while a start is being confirmed they wait (the health diff keeps
                // them) for the next poll, or a watcher would see a member up before the process that probes it.
                lock (_eventOrder)
                {
                    if (_state.Process != LbProcessStates.Running) continue;
                    foreach (var (type, obj, message) in _health.Next(status)) events.Publish(type, obj, message);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Log.PollFailed(logger, e.Message);
            }
        }
    }

    private async Task WatchAsync(long fromRevision, CancellationToken ct)
    {
        await foreach (var _ in balancers.Store.WatchAsync(BalancerRepository.Prefix, fromRevision, ct).ConfigureAwait(false)) Signal();
    }

    private async Task WaitAsync(CancellationToken ct)
    {
        var wait = _notBefore - time.GetUtcNow();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        // Also a look every few seconds: a pass that failed, or a back-off that ended, needs no signal.
        timeout.CancelAfter(wait > TimeSpan.Zero ? wait : TimeSpan.FromSeconds(5));
        try
        {
            await _signal.Reader.ReadAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            // Time to look again.
        }
    }

    /// <summary>Binds the READY=1 socket once; a data dir too deep for a UNIX socket path is left to polling.</summary>
    private void ListenForReady()
    {
        if (_ready is not null) return;
        Directory.CreateDirectory(paths.Dir);
        _ready = LbReadySocket.Bind(paths.NotifySocket);
    }

    private void WatchExit(QemuProcess process) =>
        process.Exited.ContinueWith(_ => Signal(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

    private string Render(int adminPort, IEnumerable<BalancerSpec> specs) => HostLbConfig.Render(adminPort, specs, compute.Networks.Names.Namespace, paths.Dir);

    /// <summary>Whole or not at all: flotilla-lb's file watch may fire at any moment.</summary>
    private void Write(string text)
    {
        Directory.CreateDirectory(paths.Dir);
        var temp = paths.Config + ".tmp";
        File.WriteAllText(temp, text);
        File.Move(temp, paths.Config, overwrite: true);
    }

    private static bool SameRevisions(IReadOnlyDictionary<string, long> a, IReadOnlyDictionary<string, long> b) =>
        a.Count == b.Count && a.All(x => b.TryGetValue(x.Key, out var r) && r == x.Value);

    private static string Changes(IReadOnlyDictionary<string, long> before, IReadOnlyDictionary<string, long> after)
    {
        var parts = after.Where(a => !before.ContainsKey(a.Key)).Select(a => $"{a.Key} added")
            .Concat(after.Where(a => before.TryGetValue(a.Key, out var r) && r != a.Value).Select(a => $"{a.Key} changed"))
            .Concat(before.Keys.Where(b => !after.ContainsKey(b)).Select(b => $"{b} removed"))
            .ToList();
        return parts.Count == 0 ? "config rewritten" : string.Join(", ", parts);
    }

    /// <summary>A loopback port free now; one taken before flotilla-lb binds it makes it exit, and the restart picks another.</summary>
    private static int FreeLoopbackPort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    public override void Dispose()
    {
        _admin.Dispose();
        base.Dispose();
    }
}
