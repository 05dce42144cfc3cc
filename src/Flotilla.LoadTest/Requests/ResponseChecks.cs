using System.Text;
using Flotilla.LoadTest.Http;
using Flotilla.LoadTest.Metrics;

namespace Flotilla.LoadTest.Requests;

/// <summary>
/// The checks of a flags run, like the seed's k6 checks: the status is one of the expected ones,
/// and the body contains one of the expected strings. A failed check is counted, never fatal.
/// </summary>
public sealed class ResponseChecks
{
    private readonly int[] _statuses;
    private readonly byte[][] _bodies;
    private readonly string _statusName;
    private readonly string _bodyName;

    public ResponseChecks(IReadOnlyList<int> expectStatuses, IReadOnlyList<string> expectBodies)
    {
        _statuses = [.. expectStatuses];
        _bodies = expectBodies.Select(Encoding.UTF8.GetBytes).ToArray();
        _statusName = "status is " + string.Join(" or ", expectStatuses);
        _bodyName = "body contains " + string.Join(" or ", expectBodies.Select(b => $"'{b}'"));
    }

    public bool IsEmpty => _statuses.Length == 0 && _bodies.Length == 0;

    public void Record(HttpResponse response, LoadTestMetrics metrics)
    {
        if (_statuses.Length > 0) metrics.RecordCheck(_statusName, Array.IndexOf(_statuses, response.Status) >= 0);
        if (_bodies.Length > 0) metrics.RecordCheck(_bodyName, ContainsAny(response.Body));
    }

    private bool ContainsAny(ReadOnlySpan<byte> body)
    {
        foreach (var expected in _bodies)
        {
            if (body.IndexOf(expected) >= 0) return true;
        }
        return false;
    }
}
