using System.Collections.Concurrent;
using Flotilla.LoadTest.Execution;

namespace Flotilla.LoadTest.Scripting.Runtime;

/// <summary>
/// Makes a script run's VUs: each with its own engine, thread and HTTP session. Like k6, it can
/// initialise the VUs before the run (<see cref="InitializeAsync"/>), so thousands of engines are
/// not built while the clock runs; a VU it did not initialise is built when the run asks for it.
/// </summary>
public sealed class ScriptVirtualUserFactory : IVirtualUserFactory, IDisposable
{
    private readonly VuBlueprint _blueprint;
    private readonly ConcurrentDictionary<int, ScriptVirtualUser> _initialized = new();
    private readonly ConcurrentBag<ScriptVirtualUser> _created = [];
    private bool _disposed;

    internal ScriptVirtualUserFactory(VuBlueprint blueprint) => _blueprint = blueprint;

    /// <summary>Iterations that ended with a script error (an exception in the default or exec function).</summary>
    public long ScriptErrors => _blueprint.Errors.Total;

    /// <summary>Each distinct script error (one line, with its location) and how often it happened, most frequent first.</summary>
    public IReadOnlyList<KeyValuePair<string, long>> ScriptErrorCounts => _blueprint.Errors.Snapshot();

    /// <summary>
    /// Builds VUs 1 to <paramref name="vus"/> and runs their init code (k6's "initialize VUs" step),
    /// for a run that will ask for them by those ids.
    /// </summary>
    /// <exception cref="LoadTestInputException">A VU's init code threw; the message is its one-line error.</exception>
    public async Task InitializeAsync(int vus, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var started = new List<ScriptVirtualUser>(vus);
        for (var id = 1; id <= vus && !cancellationToken.IsCancellationRequested; id++)
        {
            if (_initialized.ContainsKey(id)) continue;
            var vu = Start(id);
            _initialized[id] = vu;
            started.Add(vu);
        }
        await Task.WhenAll(started.Select(v => v.Ready)).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public IVirtualUser Create(int id, ScenarioSpec scenario)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_initialized.TryRemove(id, out var vu)) vu = Start(id);
        vu.Assign(scenario);
        return vu;
    }

    private ScriptVirtualUser Start(int id)
    {
        var vu = new ScriptVirtualUser(id, _blueprint);
        _created.Add(vu);
        return vu;
    }

    /// <summary>Ends every VU's thread, also of VUs the run never used or did not dispose.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        foreach (var vu in _created) vu.Dispose();
    }
}
