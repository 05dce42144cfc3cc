namespace Flotilla.LoadTest.Results;

/// <summary>One named check; <see cref="Name"/> carries its group path (<c>::group::name</c>) when grouped.</summary>
public sealed record CheckResult(string Name, long Passes, long Fails);
