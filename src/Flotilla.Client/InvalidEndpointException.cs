namespace Flotilla.Client;

/// <summary>An endpoint that is neither <c>unix:PATH</c> nor an http(s) URL: the user's input, said in one line.</summary>
public sealed class InvalidEndpointException(string message) : Exception(message);
