using System.CommandLine;
using Flotilla.Cli.Commands.Output;

namespace Flotilla.Cli.Commands.Host;

/// <summary><c>flotilla host show</c>: the host behind the endpoint.</summary>
internal static class HostCommand
{
    public static Command Create()
    {
        var api = new ApiOptions();
        var command = new Command("host", "The host flotillad runs on");
        api.AddTo(command);
        command.Subcommands.Add(Show(api));
        return command;
    }

    private static Command Show(ApiOptions api)
    {
        var output = new OutputOption();
        var command = new Command("show", "Show the host: acceleration (kvm or tcg) and why, capacity and what is allocated");
        output.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var client = api.CreateClient(parse);
            var host = await client.GetHostAsync(cancellationToken).ConfigureAwait(false);
            if (output.Get(parse) == OutputFormat.Json) await JsonText.WriteAsync(Console.Out, host.Json, cancellationToken).ConfigureAwait(false);
            else await Console.Out.WriteAsync(HostView.Details(host.Value)).ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }
}
