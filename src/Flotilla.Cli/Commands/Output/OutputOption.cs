using System.CommandLine;

namespace Flotilla.Cli.Commands.Output;

/// <summary><c>-o table|json</c> (<c>--output</c>) of a command that prints a resource.</summary>
internal sealed class OutputOption
{
    private readonly Option<string> _option = new("--output", "-o")
    {
        Description = "table (aligned text, the default) or json (the API's JSON, for scripts)",
        DefaultValueFactory = _ => "table",
        HelpName = "table|json",
    };

    public OutputOption() => _option.AcceptOnlyFromAmong("table", "json");

    public void AddTo(Command command) => command.Options.Add(_option);

    public OutputFormat Get(ParseResult parse) => parse.GetValue(_option) == "json" ? OutputFormat.Json : OutputFormat.Table;
}
