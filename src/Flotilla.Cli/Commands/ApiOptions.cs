using System.CommandLine;

namespace Flotilla.Cli.Commands;

/// <summary>
/// <c>--endpoint</c> and <c>--token</c>, on a command group and all its subcommands. The flag
/// wins over <c>FLOTILLA_ENDPOINT</c> / <c>FLOTILLA_TOKEN</c>, which win over the default socket.
/// </summary>
internal sealed class ApiOptions
{
    public const string TokenVariable = "FLOTILLA_TOKEN";

    private readonly Option<string?> _endpoint = new("--endpoint")
    {
        Description = $"flotillad's address: unix:/PATH.sock or http://127.0.0.1:PORT (default: ${FlotillaEndpoint.EnvironmentVariable}, else {FlotillaEndpoint.Default})",
        Recursive = true,
    };

    private readonly Option<string?> _token = new("--token")
    {
        Description = $"Bearer token for a TCP endpoint (default: ${TokenVariable}); flotillad writes it to DATA_DIR/api-token",
        Recursive = true,
    };

    public void AddTo(Command command)
    {
        command.Options.Add(_endpoint);
        command.Options.Add(_token);
    }

    /// <exception cref="UserInputException">The endpoint is not an address flotilla can use.</exception>
    public FlotillaApiClient CreateClient(ParseResult parse)
    {
        var endpoint = FlotillaEndpoint.Resolve(parse.GetValue(_endpoint), Environment.GetEnvironmentVariable(FlotillaEndpoint.EnvironmentVariable));
        var token = parse.GetValue(_token) is { Length: > 0 } flag ? flag : Environment.GetEnvironmentVariable(TokenVariable);
        return new FlotillaApiClient(endpoint, token);
    }
}
