using System.CommandLine;
using Flotilla.LoadTest.Results;

namespace Flotilla.Cli.Commands.LoadTest;

/// <summary><c>flotilla loadtest compare a.json b.json c.json</c>: seed 000's table, a column per run.</summary>
internal static class CompareCommand
{
    public static Command Create()
    {
        var files = new Argument<string[]>("results") { Description = "Result files written by --out", Arity = ArgumentArity.OneOrMore };
        var command = new Command("compare", "Print results side by side, as seed 000's comparison table") { files };
        command.SetAction(parse =>
        {
            var results = parse.GetValue(files)!.Select(ResultJson.Read).ToList();
            Console.Out.Write(ComparisonTable.Render(results));
            return ExitCodes.Ok;
        });
        return command;
    }
}
