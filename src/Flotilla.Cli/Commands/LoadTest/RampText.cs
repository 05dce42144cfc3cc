using System.Globalization;
using Flotilla.LoadTest;
using Flotilla.LoadTest.Execution;

namespace Flotilla.Cli.Commands.LoadTest;

/// <summary><c>--ramp 30s:100,1m:100,10s:0</c>: k6 stages, each <c>duration:target</c>.</summary>
internal static class RampText
{
    public static IReadOnlyList<RampStage> Parse(IEnumerable<string> values)
    {
        var stages = new List<RampStage>();
        foreach (var part in values.SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            var colon = part.LastIndexOf(':');
            if (colon <= 0 || !DurationText.TryParse(part[..colon], out var duration)
                || !int.TryParse(part[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var target))
            {
                throw new LoadTestInputException($"--ramp: '{part}' is not a stage (write duration:target, e.g. 30s:100)");
            }
            stages.Add(new RampStage(duration, target));
        }
        if (stages.Count == 0) throw new LoadTestInputException("--ramp: no stages given (e.g. --ramp 30s:100,1m:100,10s:0)");
        if (stages.Max(s => s.Target) == 0) throw new LoadTestInputException("--ramp: every stage targets 0 VUs");
        return stages;
    }
}
