namespace Flotilla.LoadTest.Execution;

/// <summary>The closed model: <see cref="Vus"/> VUs loop for <see cref="Duration"/> (k6's constant-vus).</summary>
public sealed record ConstantVusScenario(int Vus, TimeSpan Length) : ScenarioSpec
{
    public override int MaxVus => Vus;
    public override TimeSpan Duration => Length;
    public override string Executor => "constant-vus";
}
