namespace Flotilla.LoadTest.Results;

/// <summary>How many failed requests had one kind of failure.</summary>
public sealed record KindCount(string Kind, long Count);
