namespace Flotilla.LoadTest.Thresholds;

/// <summary>
/// The k6 metrics a threshold may name: those flotilla loadtest records (with their k6 types), and
/// k6's other built-in metrics, which it does not record and so are refused with a clearer message
/// than "unknown metric".
/// </summary>
internal static class BuiltInMetrics
{
    public static IReadOnlyDictionary<string, MetricType> Recorded { get; } = new SortedDictionary<string, MetricType>(StringComparer.Ordinal)
    {
        ["checks"] = MetricType.Rate,
        ["data_received"] = MetricType.Counter,
        ["data_sent"] = MetricType.Counter,
        ["dropped_iterations"] = MetricType.Counter,
        ["http_req_duration"] = MetricType.Trend,
        ["http_req_failed"] = MetricType.Rate,
        ["http_reqs"] = MetricType.Counter,
        ["iteration_duration"] = MetricType.Trend,
        ["iterations"] = MetricType.Counter,
        ["vus"] = MetricType.Gauge,
        ["vus_max"] = MetricType.Gauge,
    };

    public static IReadOnlySet<string> NotRecorded { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "http_req_blocked", "http_req_connecting", "http_req_tls_handshaking", "http_req_sending",
        "http_req_waiting", "http_req_receiving", "group_duration",
        "ws_connecting", "ws_msgs_received", "ws_msgs_sent", "ws_ping", "ws_session_duration", "ws_sessions",
        "grpc_req_duration",
    };

    public static string RecordedList => string.Join(", ", Recorded.Keys);
}
