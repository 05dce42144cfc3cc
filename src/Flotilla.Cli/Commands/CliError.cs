using System.CommandLine;
using System.CommandLine.Parsing;
using System.Text;
using Flotilla.Cli.Commands.Vm;
using Flotilla.LoadTest;

namespace Flotilla.Cli.Commands;

/// <summary>
/// Where every error a user can meet becomes one line on stderr and an exit code, in one place:
/// bad input (flags, files, the API's 400 and 404) exits 2, anything else 1 (docs/cli.md).
/// </summary>
internal sealed record CliError(string Message, int ExitCode)
{
    /// <summary>The line and code for a known error; null for a bug, which keeps its stack trace.</summary>
    public static CliError? From(Exception exception) => exception switch
    {
        UserInputException or LoadTestInputException or InvalidEndpointException => new(exception.Message, ExitCodes.BadInput),
        ApiProblemException { Status: 400 or 404 } problem => new(problem.Detail, ExitCodes.BadInput),
        ApiProblemException problem => new(problem.Detail, ExitCodes.Failed),
        VmWaitException { Interrupted: true } => new(exception.Message, ExitCodes.Interrupted),
        DaemonUnreachableException or ApiProtocolException or VmWaitException => new(exception.Message, ExitCodes.Failed),
        _ => null,
    };

    /// <summary>
    /// A parse that failed: an unknown command after a group (<see cref="UnknownCommand"/>), whatever error
    /// System.CommandLine put first for it; else its first error (the one to fix).
    /// </summary>
    public static CliError FromParse(ParseResult parse) =>
        UnknownCommand.Find(parse) is { } unknown ? new CliError(unknown.Message, ExitCodes.BadInput) : FromParse(parse.Errors[0]);

    /// <summary>
    /// One parse error, named after its option when System.CommandLine's
    /// text does not say which (<c>Argument 'x' not recognized</c>).
    /// </summary>
    public static CliError FromParse(ParseError error)
    {
        var option = error.SymbolResult switch
        {
            OptionResult result => result.Option,
            ArgumentResult { Parent: OptionResult result } => result.Option,
            _ => null,
        };
        var message = option is not null && !error.Message.Contains(option.Name, StringComparison.Ordinal)
            ? $"{option.Name}: {error.Message}"
            : error.Message;
        return new CliError(message, ExitCodes.BadInput);
    }

    /// <summary>
    /// As printed: <c>flotilla: detail</c>, on one line whatever the detail holds. Lines that were separate statements
    /// stay apart (<c>; </c>); a line ending in a colon introduces the next one, which follows it after a space.
    /// </summary>
    public string Line
    {
        get
        {
            var line = new StringBuilder("flotilla: ");
            var first = true;
            foreach (var part in Message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!first) line.Append(line[^1] == ':' ? " " : "; ");
                line.Append(part);
                first = false;
            }
            return line.ToString();
        }
    }
}
