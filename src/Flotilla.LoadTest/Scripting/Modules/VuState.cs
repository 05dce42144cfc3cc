using Flotilla.LoadTest.Http;
using Flotilla.LoadTest.Metrics;
using Jint;

namespace Flotilla.LoadTest.Scripting.Modules;

/// <summary>
/// What the k6 modules of one VU see of it: its engine, session and metrics, and the state of the
/// iteration running now. Touched only by the VU's own thread (the one its engine runs on).
/// </summary>
internal sealed class VuState(int id, HttpSession? session, LoadTestMetrics? metrics, ScriptHttpSettings http, TextWriter output)
{
    /// <summary>k6's <c>__VU</c>: 1-based, 0 in the init context the script's options are read in.</summary>
    public int Id { get; } = id;

    /// <summary>Null in the load-time init context, where requests are refused (as k6 refuses them in init code).</summary>
    public HttpSession? Session { get; } = session;

    public LoadTestMetrics? Metrics { get; } = metrics;

    public ScriptHttpSettings Http { get; } = http;

    /// <summary>Where <c>console</c> writes (synchronized: every VU writes to it).</summary>
    public TextWriter Output { get; } = output;

    public Engine Engine { get; set; } = null!;

    /// <summary>The current iteration's hard stop; in init code, the VU's own stop.</summary>
    public CancellationToken Token { get; set; }

    /// <summary>True while the default (or exec) function runs; requests are refused outside it.</summary>
    public bool InIteration { get; set; }

    /// <summary>k6's group path of the running code: empty, or <c>::outer::inner</c>.</summary>
    public string GroupPath { get; set; } = "";

    private long? _latencyOrigin;

    /// <summary>Set per open-model iteration: its intended start, for the latency of its first request only.</summary>
    public void StartIteration(long? intendedStart, CancellationToken token)
    {
        _latencyOrigin = intendedStart;
        Token = token;
        GroupPath = "";
        InIteration = true;
    }

    /// <summary>The intended start for the iteration's first request, null for every later one.</summary>
    public long? TakeLatencyOrigin()
    {
        var origin = _latencyOrigin;
        _latencyOrigin = null;
        return origin;
    }
}
