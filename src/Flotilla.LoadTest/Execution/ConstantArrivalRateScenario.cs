namespace Flotilla.LoadTest.Execution;

/// <summary>
/// The open model: <see cref="Rate"/> iterations start per <see cref="TimeUnit"/> whatever the
/// responses do, on a pool of <see cref="PreAllocatedVus"/> VUs that may grow to <see cref="MaxVusAllowed"/>;
/// an arrival that finds no free VU is dropped (k6's constant-arrival-rate).
/// </summary>
public sealed record ConstantArrivalRateScenario(double Rate, TimeSpan TimeUnit, TimeSpan Length, int PreAllocatedVus, int MaxVusAllowed) : ScenarioSpec
{
    public override int MaxVus => Math.Max(PreAllocatedVus, MaxVusAllowed);
    public override TimeSpan Duration => Length;
    public override string Executor => "constant-arrival-rate";
    public double PerSecond => Rate / TimeUnit.TotalSeconds;
}
