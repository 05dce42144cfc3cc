namespace Flotilla.LoadTest.Execution;

/// <summary>What the progress line shows, once a second.</summary>
public sealed record LiveStatus(TimeSpan Elapsed, TimeSpan Planned, int Vus, double Rps, long Requests, long Failed, double P95Ms);
