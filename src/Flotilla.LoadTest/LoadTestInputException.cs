namespace Flotilla.LoadTest;

/// <summary>
/// Input a user got wrong (a malformed URL, an unknown flag value, an unreadable or failing
/// script): the CLI prints <see cref="Exception.Message"/> as one line and exits with 2.
/// </summary>
public sealed class LoadTestInputException : Exception
{
    public LoadTestInputException(string message) : base(message) { }
    public LoadTestInputException(string message, Exception inner) : base(message, inner) { }
}
