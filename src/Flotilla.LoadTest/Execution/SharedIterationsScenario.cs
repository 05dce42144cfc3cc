namespace Flotilla.LoadTest.Execution;

/// <summary><see cref="Vus"/> VUs share <see cref="Iterations"/> iterations, within <see cref="MaxDuration"/> (k6's shared-iterations).</summary>
public sealed record SharedIterationsScenario(int Vus, long Iterations, TimeSpan MaxDuration) : ScenarioSpec
{
    public override int MaxVus => Vus;
    public override TimeSpan Duration => MaxDuration;
    public override string Executor => "shared-iterations";
}
