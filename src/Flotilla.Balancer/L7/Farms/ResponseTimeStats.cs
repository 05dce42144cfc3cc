namespace Flotilla.Balancer.L7.Farms;

/// <summary>
/// One destination's exponentially weighted moving average of response time.
/// <para>
/// Each sample moves the average by <see cref="Alpha"/> of the difference, so the last ~10
/// responses dominate. While a destination gets no samples (because it was slow, least
/// response time stops sending to it) its average decays towards zero with a time constant of
/// <see cref="IdleDecay"/>, so a recovered server is tried again instead of being starved forever.
/// </para>
/// A tiny lock guards the two fields; it is per destination and held for a few arithmetic operations.
/// </summary>
internal sealed class ResponseTimeStats
{
    public const double Alpha = 0.2;
    public static readonly TimeSpan IdleDecay = TimeSpan.FromSeconds(10);

    private readonly Lock _lock = new();
    private double _averageMs;
    private long _lastSampleTimestamp;
    private bool _sampled;

    public void Record(double milliseconds, long timestamp)
    {
        lock (_lock)
        {
            _averageMs = _sampled ? _averageMs + (Alpha * (milliseconds - _averageMs)) : milliseconds;
            _lastSampleTimestamp = timestamp;
            _sampled = true;
        }
    }

    /// <summary>The decayed average at <paramref name="now"/>, in milliseconds; zero before the first sample.</summary>
    public double AverageMs(TimeProvider time, long now)
    {
        lock (_lock)
        {
            if (!_sampled)
            {
                return 0;
            }

            var idle = time.GetElapsedTime(_lastSampleTimestamp, now);
            return idle <= TimeSpan.Zero ? _averageMs : _averageMs * Math.Exp(-idle / IdleDecay);
        }
    }
}
