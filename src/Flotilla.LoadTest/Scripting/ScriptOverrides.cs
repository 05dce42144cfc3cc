namespace Flotilla.LoadTest.Scripting;

/// <summary>
/// What the command line sets over a script's <c>options</c>, as k6's flags do: <see cref="Duration"/>
/// replaces the script's duration, iterations, stages and scenarios with looping VUs (how many: <see cref="Vus"/>,
/// else the script's <c>vus</c>); <see cref="Vus"/> alone keeps the script's duration, iterations or stages.
/// <see cref="Rate"/> (flotilla's extension) runs one open-model scenario at that many iterations per
/// second on a pool of <see cref="Vus"/> VUs (100 when not given). <see cref="Env"/> holds <c>-e KEY=VALUE</c>
/// pairs, which override the process environment in <c>__ENV</c>.
/// </summary>
public sealed record ScriptOverrides(int? Vus = null, TimeSpan? Duration = null, double? Rate = null, IReadOnlyDictionary<string, string>? Env = null)
{
    public static ScriptOverrides None { get; } = new();
}
