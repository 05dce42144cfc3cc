namespace Flotilla.LoadTest.Results;

/// <summary>How many responses carried one distinct body (trimmed, at most 200 characters).</summary>
public sealed record BodyCount(string Body, long Count);
