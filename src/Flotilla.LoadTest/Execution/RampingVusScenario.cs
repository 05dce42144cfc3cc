namespace Flotilla.LoadTest.Execution;

/// <summary>The closed model with a VU count that follows stages (k6's ramping-vus).</summary>
public sealed record RampingVusScenario(int StartVus, IReadOnlyList<RampStage> Stages) : ScenarioSpec
{
    /// <summary>How long a VU ramped down may finish its iteration (k6: 30 s).</summary>
    public TimeSpan GracefulRampDown { get; init; } = TimeSpan.FromSeconds(30);
    public override int MaxVus => Math.Max(StartVus, Stages.Count == 0 ? 0 : Stages.Max(s => s.Target));
    public override TimeSpan Duration => Stages.Aggregate(TimeSpan.Zero, (sum, s) => sum + s.Duration);
    public override string Executor => "ramping-vus";
}
