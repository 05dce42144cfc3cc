using System.Threading.Tasks.Sources;
using Flotilla.LoadTest.Execution;
using Flotilla.LoadTest.Http;
using Flotilla.LoadTest.Scripting.Modules;

namespace Flotilla.LoadTest.Scripting.Runtime;

/// <summary>
/// A script VU: its own Jint engine on its own thread. k6's <c>http.get</c> is synchronous, so the
/// script must be able to block; it blocks its dedicated thread, never a thread-pool thread.
/// <see cref="RunIterationAsync"/> hands the iteration to that thread and returns a task that
/// completes when the iteration ends. The continuation (the executor's loop) runs on, and stays
/// on, the VU's thread: its next <see cref="RunIterationAsync"/> then runs the iteration inline,
/// so a looping VU costs no thread hand-off per iteration — only the wait for each response
/// (measured: 2x fewer RPS than flags with a hand-off per iteration, see bench/RESULTS.md).
/// <para>
/// Stack: <see cref="StackSize"/>. Jint's stack guard (see <see cref="ScriptEngineOptions"/>)
/// keeps its last 128 KiB or so free and turns deeper recursion into a RangeError, so 512 KiB
/// leave about 230 nested JavaScript calls, which k6 scripts do not approach, while an idle VU
/// touches only a few pages of it (the reservation is virtual memory).
/// </para>
/// <para>
/// Stopping: a hard stop cancels the iteration's token, which the session watches (a request in
/// flight fails at once), <c>sleep</c> waits on (its handle), and the engine's
/// <see cref="IterationStop"/> constraint checks (a busy script loop). <see cref="Dispose"/> ends
/// the thread and waits for it.
/// </para>
/// </summary>
internal sealed class ScriptVirtualUser : IVirtualUser, IValueTaskSource
{
    public const int StackSize = 512 * 1024;
    private static readonly TimeSpan JoinTimeout = TimeSpan.FromSeconds(10);

    private readonly VuBlueprint _blueprint;
    private readonly Thread _thread;
    private readonly SemaphoreSlim _work = new(0);
    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ManualResetValueTaskSourceCore<bool> _done = new() { RunContinuationsAsynchronously = false };
    private VuRuntime? _runtime;
    private IterationContext _iteration;
    private CancellationToken _token;
    private volatile string? _exec;
    private volatile bool _disposed;
    private string? _initError;

    public ScriptVirtualUser(int id, VuBlueprint blueprint)
    {
        Id = id;
        _blueprint = blueprint;
        _thread = new Thread(Run, StackSize) { IsBackground = true, Name = $"script VU {id}" };
        _thread.Start();
    }

    /// <summary>k6's <c>__VU</c>.</summary>
    public int Id { get; }

    /// <summary>Completes when the VU's init code has run; faults with the one-line error when it threw.</summary>
    public Task Ready => _ready.Task;

    /// <summary>The VU's thread, for tests that check it ends.</summary>
    internal Thread Thread => _thread;

    /// <summary>The scenario's <c>exec</c> function (null: the default export); set before the first iteration.</summary>
    public void Assign(ScenarioSpec scenario) => _exec = scenario.Exec;

    public ValueTask RunIterationAsync(IterationContext iteration, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (cancellationToken.IsCancellationRequested) return ValueTask.FromCanceled(cancellationToken);
        if (Thread.CurrentThread == _thread)
        {
            // The executor's loop continued on this thread after the last iteration: run inline.
            return Execute(_runtime, iteration, cancellationToken) is { } error ? ValueTask.FromException(error) : ValueTask.CompletedTask;
        }
        _done.Reset();
        _iteration = iteration;
        _token = cancellationToken;
        _work.Release(); // publishes the fields above to the VU's thread
        return new ValueTask(this, _done.Version);
    }

    private void Run()
    {
        VuRuntime? runtime = null;
        var session = new HttpSession(_blueprint.SessionOptions, _blueprint.Metrics, _blueprint.Resolver, _blueprint.Time);
        var vu = new VuState(Id, session, _blueprint.Metrics, _blueprint.Http, _blueprint.Output);
        try
        {
            try
            {
                runtime = VuRuntime.Start(_blueprint.Script, _blueprint.EngineOptions, vu, _stopping.Token);
                _runtime = runtime;
                _ready.TrySetResult();
            }
            catch (Exception e) when (e is not OperationCanceledException || !_stopping.IsCancellationRequested)
            {
                _initError = $"{ScriptErrorText.Describe(e, _blueprint.Script.Path)} (in the init code of VU {Id})";
                _ready.TrySetException(new LoadTestInputException(_initError, e));
            }
            catch (OperationCanceledException)
            {
                _ready.TrySetCanceled(_stopping.Token);
            }
            while (true)
            {
                _work.Wait();
                if (_disposed) break;
                if (Execute(runtime, _iteration, _token) is { } error) _done.SetException(error);
                else _done.SetResult(true);
            }
        }
        finally
        {
            runtime?.Dispose();
            session.Dispose();
        }
    }

    /// <summary>Runs one iteration on this thread; returns what the executor must see (cancellation, a broken VU), else null.</summary>
    private Exception? Execute(VuRuntime? runtime, IterationContext iteration, CancellationToken token)
    {
        try
        {
            if (runtime is null) throw new LoadTestInputException(_initError ?? "the VU stopped before its init code ran");
            runtime.RunIteration(iteration, _exec, token);
            return null;
        }
        catch (OperationCanceledException e) when (token.IsCancellationRequested)
        {
            return e;
        }
        catch (LoadTestInputException e)
        {
            return e;
        }
        catch (Exception e)
        {
            // A script error ends this iteration only, as in k6: count it, print it once, go on.
            _blueprint.Errors.Report(ScriptErrorText.Describe(e, _blueprint.Script.Path), Id, iteration.Number);
            return null;
        }
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _stopping.Cancel();
        _work.Release();
        // On its own thread, or still busy: the thread ends later and still needs its handles.
        if (Thread.CurrentThread == _thread || !_thread.Join(JoinTimeout)) return;
        _work.Dispose();
        _stopping.Dispose();
    }

    void IValueTaskSource.GetResult(short token) => _done.GetResult(token);
    ValueTaskSourceStatus IValueTaskSource.GetStatus(short token) => _done.GetStatus(token);
    void IValueTaskSource.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _done.OnCompleted(continuation, state, token, flags);
}
