using System.CommandLine;
using Flotilla.Cli.Commands;
using Flotilla.Cli.Commands.LoadTest;
using Flotilla.LoadTest;

var loadtest = LoadTestCommand.Create();
loadtest.Subcommands.Add(RunScriptCommand.Create());
loadtest.Subcommands.Add(CompareCommand.Create());
var root = new RootCommand("flotilla: run a web service on a fleet of VMs") { loadtest };

var parse = root.Parse(args);
if (parse.Errors.Count > 0)
{
    // One line: the first problem is the one to fix (System.CommandLine lists choices on lines of their own).
    var message = string.Join(" ", parse.Errors[0].Message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    await Console.Error.WriteLineAsync($"flotilla: {message}");
    return ExitCodes.BadInput;
}
try
{
    // Ctrl-C cancels the run; the summary of what ran still needs a moment to print.
    return await parse.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(30), EnableDefaultExceptionHandler = false });
}
catch (LoadTestInputException e)
{
    await Console.Error.WriteLineAsync($"flotilla: {e.Message}");
    return ExitCodes.BadInput;
}
