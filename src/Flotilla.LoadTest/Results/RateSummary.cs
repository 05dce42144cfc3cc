namespace Flotilla.LoadTest.Results;

/// <summary>
/// How many of <see cref="Total"/> samples were true (k6's Rate): for http_req_failed the failed
/// requests, for checks the passed checks.
/// </summary>
public sealed record RateSummary(long Matches, long Total)
{
    public double Rate => Total == 0 ? 0 : (double)Matches / Total;
}
