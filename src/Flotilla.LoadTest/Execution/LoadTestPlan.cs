namespace Flotilla.LoadTest.Execution;

/// <summary>What a run does: its scenarios, run side by side, each from its start time.</summary>
public sealed record LoadTestPlan(IReadOnlyList<ScenarioSpec> Scenarios)
{
    /// <summary>The planned length of the whole run, without graceful stops.</summary>
    public TimeSpan Duration => Scenarios.Count == 0 ? TimeSpan.Zero : Scenarios.Max(s => s.StartTime + s.Duration);

    /// <summary>VUs the run may hold at once (k6's vus_max).</summary>
    public int MaxVus => Scenarios.Sum(s => s.MaxVus);

    /// <summary><c>closed</c>, <c>open</c> or <c>mixed</c>, for the result.</summary>
    public string Model => Scenarios.All(s => s is ConstantArrivalRateScenario) ? "open"
        : Scenarios.Any(s => s is ConstantArrivalRateScenario) ? "mixed" : "closed";

    /// <summary>The arrival rate per second when the run is open-model.</summary>
    public double? Rate => Model == "open" ? Scenarios.Cast<ConstantArrivalRateScenario>().Sum(s => s.PerSecond) : null;
}
