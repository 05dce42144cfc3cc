using Flotilla.LoadTest;
using Flotilla.LoadTest.Execution;

namespace Flotilla.Cli.Commands.LoadTest;

/// <summary>
/// Turns the run flags into a plan. <c>--profile</c> gives seed 000's runs (smoke 10 VUs 10 s,
/// load 100 VUs 60 s, stress 10,000 VUs 10 s); <c>--vus</c> and <c>--duration</c> override its
/// numbers; <c>--ramp</c> makes ramping VUs; <c>--rate</c> the open model on <c>--vus</c> VUs.
/// </summary>
internal static class FlagsPlan
{
    public const int MaxVus = 100_000;
    public const int DefaultOpenModelVus = 100;

    public static readonly IReadOnlyDictionary<string, (int Vus, TimeSpan Duration)> Profiles = new Dictionary<string, (int, TimeSpan)>
    {
        ["smoke"] = (10, TimeSpan.FromSeconds(10)),
        ["load"] = (100, TimeSpan.FromSeconds(60)),
        ["stress"] = (10_000, TimeSpan.FromSeconds(10)),
    };

    public static LoadTestPlan Build(string? profile, int? vus, TimeSpan? duration, double? rate, IReadOnlyList<RampStage>? ramp)
    {
        if (vus is < 1 or > MaxVus) throw new LoadTestInputException($"--vus: {vus} is out of range (1 to {MaxVus:N0})");
        if (duration is { } d && d <= TimeSpan.Zero) throw new LoadTestInputException("--duration: must be longer than 0s");
        if (ramp is not null && rate is not null) throw new LoadTestInputException("--ramp and --rate cannot be combined: --ramp shapes looping VUs, --rate is the open model");
        if (ramp is not null && duration is not null) throw new LoadTestInputException("--ramp and --duration cannot be combined: the stages give the duration");
        var (profileVus, profileDuration) = profile is null ? (1, TimeSpan.FromSeconds(10)) : Profiles[profile];
        ScenarioSpec scenario;
        if (ramp is not null)
        {
            // k6: ramping-vus starts at startVUs, 1 by default; --vus sets it.
            scenario = new RampingVusScenario(vus ?? 1, ramp);
        }
        else if (rate is { } perSecond)
        {
            var pool = vus ?? DefaultOpenModelVus;
            scenario = new ConstantArrivalRateScenario(perSecond, TimeSpan.FromSeconds(1), duration ?? profileDuration, pool, pool);
        }
        else
        {
            scenario = new ConstantVusScenario(vus ?? profileVus, duration ?? profileDuration);
        }
        return new LoadTestPlan([scenario]);
    }
}
