using Flotilla.LoadTest.Backends;
using Flotilla.LoadTest.Http;
using Flotilla.LoadTest.Results;

namespace Flotilla.LoadTest.Metrics;

/// <summary>
/// The run's metrics, recorded by every VU at once (k6's built-in metrics, checks, errors by kind,
/// bodies), and sampled once a second by the runner into the timeline and the live progress line.
/// </summary>
public sealed class LoadTestMetrics
{
    private readonly LatencyRecorder _requestDuration = new();
    private readonly LatencyRecorder _iterationDuration = new();
    private readonly NamedCounters _errors = new();
    private readonly CheckTally _checks = new();
    private readonly BodyTally _bodies = new();
    private readonly List<TimelinePoint> _timeline = [];
    private readonly object _sampleGate = new();
    private long _requests, _failed, _sent, _received, _iterations, _dropped, _interrupted, _checksPassed, _checksFailed;
    private int _vus, _vusMin = int.MaxValue, _vusMax, _vusLastSampled;
    private long _lastRequests, _lastFailed;
    private double _lastSampleSeconds;

    private const double MinFinalPointSeconds = 0.5;

    /// <summary>Bodies are tallied by default; a script run may turn it off.</summary>
    public bool TallyBodies { get; init; } = true;

    /// <summary>
    /// Where responses name their backend, for a series per backend (<c>--stack</c>, <c>--backend-from</c>); null
    /// (the default) keeps none, since a second histogram per request costs the fastest runs a few percent.
    /// </summary>
    public BackendSource? Backends
    {
        get => _backends?.Source;
        init => _backends = value is null ? null : new BackendTally(value);
    }

    private readonly BackendTally? _backends;

    public void RecordRequest(HttpResponse response, double durationMs)
    {
        Interlocked.Increment(ref _requests);
        Interlocked.Add(ref _sent, response.BytesSent);
        Interlocked.Add(ref _received, response.BytesReceived);
        _requestDuration.Record(durationMs);
        if (response.Failed)
        {
            Interlocked.Increment(ref _failed);
            _errors.Increment(response.FailureKind);
        }
        if (TallyBodies && response.Status != 0) _bodies.Record(response.Body, response.BodyLength);
        _backends?.Record(response, durationMs);
    }

    public void RecordIteration(double durationMs)
    {
        Interlocked.Increment(ref _iterations);
        _iterationDuration.Record(durationMs);
    }

    /// <summary>An arrival that found every VU busy (open model).</summary>
    public void RecordDroppedIteration() => Interlocked.Increment(ref _dropped);

    /// <summary>An iteration still running when the graceful stop ran out, or when Ctrl-C stopped the run.</summary>
    public void RecordInterruptedIteration() => Interlocked.Increment(ref _interrupted);

    public void RecordCheck(string name, bool passed)
    {
        _checks.Record(name, passed);
        Interlocked.Increment(ref passed ? ref _checksPassed : ref _checksFailed);
    }

    public void VuStarted() => Interlocked.Increment(ref _vus);
    public void VuStopped() => Interlocked.Decrement(ref _vus);

    public int ActiveVus => Volatile.Read(ref _vus);
    public long Requests => Interlocked.Read(ref _requests);
    public long FailedRequests => Interlocked.Read(ref _failed);
    public long InterruptedIterations => Interlocked.Read(ref _interrupted);
    public long Iterations => Interlocked.Read(ref _iterations);
    public long DroppedIterations => Interlocked.Read(ref _dropped);

    /// <summary>
    /// Closes the interval since the last sample into a timeline point (the runner calls this once a
    /// second, and once more at the end: that <paramref name="final"/> sample does not count the VUs,
    /// which have all stopped by then, as k6 reports the last count seen while running).
    /// </summary>
    public TimelinePoint Sample(double seconds, bool final = false)
    {
        lock (_sampleGate)
        {
            var vus = ActiveVus;
            if (!final || _vusMin == int.MaxValue)
            {
                _vusMin = Math.Min(_vusMin, vus);
                _vusMax = Math.Max(_vusMax, vus);
                _vusLastSampled = vus;
            }
            var requests = Requests;
            var failed = FailedRequests;
            var interval = _requestDuration.TakeInterval();
            _iterationDuration.TakeInterval();
            var span = seconds - _lastSampleSeconds;
            var point = new TimelinePoint(
                Math.Round(seconds, 3), requests - _lastRequests, failed - _lastFailed,
                span > 0 ? (requests - _lastRequests) / span : 0, vus, interval.Med, interval.P95, interval.P99, interval.Max);
            _lastRequests = requests;
            _lastFailed = failed;
            _lastSampleSeconds = seconds;
            // The run's last fraction of a second would draw as a spike (a few requests over a
            // tiny span, no VUs left): it counts in the totals, not as a point of its own.
            var keep = !final || span >= MinFinalPointSeconds || _timeline.Count == 0;
            if (keep) _timeline.Add(point);
            _backends?.Sample(seconds, span, keep);
            return point;
        }
    }

    /// <summary>
    /// A percentile of http_req_duration or iteration_duration over the run, in milliseconds, for
    /// thresholds such as <c>p(99.9)</c> that the result's fixed percentiles do not carry. Call
    /// after the final <see cref="Sample"/>, as for <see cref="ToResult"/>.
    /// </summary>
    internal double RequestDurationPercentile(double percentile)
    {
        lock (_sampleGate) return _requestDuration.Percentile(percentile);
    }

    /// <inheritdoc cref="RequestDurationPercentile"/>
    internal double IterationDurationPercentile(double percentile)
    {
        lock (_sampleGate) return _iterationDuration.Percentile(percentile);
    }

    /// <summary>The result of the run; call after the final <see cref="Sample"/>.</summary>
    public LoadTestResult ToResult(RunInfo run, int vusMax, IReadOnlyList<ThresholdResult>? thresholds = null)
    {
        lock (_sampleGate)
        {
            var elapsed = Math.Max(run.ElapsedSeconds, 1e-9);
            CounterSummary Counter(long count) => new(count, count / elapsed);
            return new LoadTestResult
            {
                Run = run with { InterruptedIterations = InterruptedIterations },
                Metrics = new MetricsSummary
                {
                    HttpReqDuration = _requestDuration.Summarize(),
                    HttpReqFailed = new RateSummary(FailedRequests, Requests),
                    HttpReqs = Counter(Requests),
                    IterationDuration = _iterationDuration.Summarize(),
                    Iterations = Counter(Interlocked.Read(ref _iterations)),
                    DroppedIterations = Counter(Interlocked.Read(ref _dropped)),
                    Vus = new GaugeSummary(_vusLastSampled, _vusMin == int.MaxValue ? 0 : _vusMin, _vusMax),
                    VusMax = new GaugeSummary(vusMax, vusMax, vusMax),
                    DataSent = Counter(Interlocked.Read(ref _sent)),
                    DataReceived = Counter(Interlocked.Read(ref _received)),
                    Checks = new RateSummary(Interlocked.Read(ref _checksPassed), Interlocked.Read(ref _checksPassed) + Interlocked.Read(ref _checksFailed)),
                },
                Checks = _checks.Snapshot(),
                Errors = _errors.Snapshot().OrderByDescending(e => e.Value).ThenBy(e => e.Key, StringComparer.Ordinal)
                    .Select(e => new KindCount(e.Key, e.Value)).ToList(),
                Bodies = _bodies.Snapshot(),
                Backends = _backends?.Snapshot() ?? [],
                Thresholds = thresholds ?? [],
                Timeline = _timeline.ToList(),
                LatencyHistogram = _requestDuration.Buckets(),
            };
        }
    }
}
