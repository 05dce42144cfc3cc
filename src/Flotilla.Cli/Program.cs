using System.CommandLine;
using Flotilla.Cli.Commands;
using Flotilla.Cli.Commands.Daemon;
using Flotilla.Cli.Commands.Events;
using Flotilla.Cli.Commands.Host;
using Flotilla.Cli.Commands.Lb;
using Flotilla.Cli.Commands.LoadTest;
using Flotilla.Cli.Commands.Network;
using Flotilla.Cli.Commands.Nsg;
using Flotilla.Cli.Commands.Stack;
using Flotilla.Cli.Commands.Pool;
using Flotilla.Cli.Commands.Operation;
using Flotilla.Cli.Commands.Template;
using Flotilla.Cli.Commands.Vm;

var loadtest = LoadTestCommand.Create();
loadtest.Subcommands.Add(RunScriptCommand.Create());
loadtest.Subcommands.Add(CompareCommand.Create());
var root = new RootCommand("flotilla: run a web service on a fleet of VMs") { loadtest, VmCommand.Create(), HostCommand.Create(), NetworkCommand.Create(), NsgCommand.Create(), PoolCommand.Create(), TemplateCommand.Create(), LbCommand.Create(), EventsCommand.Create(), DaemonCommand.Create(), OperationCommand.Create() };
foreach (var command in StackCommands.Create()) root.Subcommands.Add(command);
root.Subcommands.Add(StackStatusCommand.Create());

var parse = root.Parse(args);
if (parse.Errors.Count > 0)
{
    // One line: the first problem is the one to fix (System.CommandLine lists choices on lines of their own).
    await Console.Error.WriteLineAsync(CliError.FromParse(parse).Line);
    return ExitCodes.BadInput;
}
try
{
    // Ctrl-C cancels the run; the summary of what ran still needs a moment to print.
    return await parse.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(30), EnableDefaultExceptionHandler = false });
}
catch (Exception e) when (CliError.From(e) is { } error)
{
    await Console.Error.WriteLineAsync(error.Line);
    return error.ExitCode;
}
