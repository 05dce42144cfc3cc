namespace Flotilla.Client;

/// <summary>A typed answer and the JSON it came from, which <c>-o json</c> prints as sent.</summary>
public sealed record ApiResponse<T>(T Value, string Json);
