namespace Flotilla.LoadTest.Execution;

/// <summary>One scenario of a run, as k6 names its executors.</summary>
public abstract record ScenarioSpec
{
    public string Name { get; init; } = "default";
    /// <summary>Delay from the run's start.</summary>
    public TimeSpan StartTime { get; init; }
    /// <summary>How long running iterations may finish after the scenario's end before they are interrupted (k6: 30 s).</summary>
    public TimeSpan GracefulStop { get; init; } = TimeSpan.FromSeconds(30);
    /// <summary>The script function a VU runs (k6's <c>exec</c>); null for the default.</summary>
    public string? Exec { get; init; }

    /// <summary>The most VUs this scenario uses at once.</summary>
    public abstract int MaxVus { get; }
    /// <summary>Planned length, without the graceful stop.</summary>
    public abstract TimeSpan Duration { get; }
    /// <summary>k6's executor name.</summary>
    public abstract string Executor { get; }
}
