using System.CommandLine;

namespace Flotilla.Cli.Commands.Vm;

/// <summary><c>flotilla vm console NAME [--tail N]</c>: the serial console log, as written.</summary>
internal static class VmConsoleCommand
{
    public static Command Create(ApiOptions api)
    {
        var name = VmCommand.NameArgument();
        var tail = new Option<int?>("--tail") { Description = "Only the last N lines" };
        var command = new Command("console", "Print a VM's serial console log") { name, tail };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var lines = parse.GetValue(tail);
            if (lines is < 1) throw new UserInputException($"--tail: {lines} is not a number of lines (1 or more)");
            using var client = api.CreateClient(parse);
            var log = await client.GetConsoleAsync(parse.GetValue(name)!, lines, cancellationToken).ConfigureAwait(false);
            await Console.Out.WriteAsync(log).ConfigureAwait(false);
            // A log cut mid-line must not leave the shell prompt glued to it.
            if (log.Length > 0 && !log.EndsWith('\n')) await Console.Out.WriteLineAsync().ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }
}
