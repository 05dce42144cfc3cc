namespace Flotilla.Cli.Commands;

/// <summary>The command line asks for something impossible: a bad flag value, an unreadable file (exit 2).</summary>
internal sealed class UserInputException : Exception
{
    public UserInputException(string message) : base(message) { }
    public UserInputException(string message, Exception inner) : base(message, inner) { }
}
