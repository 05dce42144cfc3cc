namespace Flotilla.LoadTest.Execution;

/// <summary>How many VUs a closed-model scenario wants at a moment: linear between stages, as k6's ramping-vus.</summary>
public sealed class VuRamp
{
    private readonly int _start;
    private readonly IReadOnlyList<RampStage> _stages;

    public VuRamp(int startVus, IReadOnlyList<RampStage> stages)
    {
        _start = startVus;
        _stages = stages;
    }

    public static VuRamp For(ScenarioSpec scenario) => scenario switch
    {
        RampingVusScenario r => new VuRamp(r.StartVus, r.Stages),
        _ => new VuRamp(scenario.MaxVus, [new RampStage(scenario.Duration, scenario.MaxVus)]),
    };

    /// <summary>The wanted VU count <paramref name="elapsed"/> into the scenario (0 after its end).</summary>
    public int TargetAt(TimeSpan elapsed)
    {
        var from = _start;
        var stageStart = TimeSpan.Zero;
        foreach (var stage in _stages)
        {
            if (elapsed < stageStart + stage.Duration)
            {
                var fraction = stage.Duration <= TimeSpan.Zero ? 1 : (elapsed - stageStart) / stage.Duration;
                return (int)Math.Round(from + (stage.Target - from) * fraction, MidpointRounding.AwayFromZero);
            }
            from = stage.Target;
            stageStart += stage.Duration;
        }
        return 0;
    }
}
