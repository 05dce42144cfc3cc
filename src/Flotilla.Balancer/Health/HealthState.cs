namespace Flotilla.Balancer.Health;

public enum HealthStatus
{
    Unknown,
    Healthy,
    Unhealthy,
}

/// <summary>
/// The up/down decision for one (probe, member): the first result decides at once (the first
/// probe runs at load); after that it takes <c>unhealthyThreshold</c> failures in a row to go
/// down and <c>healthyThreshold</c> successes in a row to come back.
/// </summary>
public sealed class HealthState(int unhealthyThreshold, int healthyThreshold)
{
    private int _streak;

    public HealthStatus Current { get; private set; } = HealthStatus.Unknown;

    /// <summary>Records one probe result; true when <see cref="Current"/> changed.</summary>
    public bool Record(bool success)
    {
        var before = Current;
        if (Current == HealthStatus.Unknown)
        {
            Current = success ? HealthStatus.Healthy : HealthStatus.Unhealthy;
            _streak = 0;
            return true;
        }

        var agrees = success == (Current == HealthStatus.Healthy);
        _streak = agrees ? 0 : _streak + 1;
        var needed = Current == HealthStatus.Healthy ? unhealthyThreshold : healthyThreshold;
        if (_streak >= needed)
        {
            Current = success ? HealthStatus.Healthy : HealthStatus.Unhealthy;
            _streak = 0;
        }

        return Current != before;
    }
}
