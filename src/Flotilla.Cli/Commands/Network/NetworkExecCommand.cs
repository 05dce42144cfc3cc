using System.CommandLine;

namespace Flotilla.Cli.Commands.Network;

/// <summary>
/// <c>flotilla network exec NAME -- CMD [ARGS…]</c>: runs a command inside the network's namespace, where its VMs are
/// reachable (the host has no route to them), and exits with the command's exit code.
/// </summary>
internal static class NetworkExecCommand
{
    public static Command Create(ApiOptions api)
    {
        var name = NetworkCommand.NameArgument();
        var program = new Argument<string[]>("command") { Description = "The command and its arguments (after --)", Arity = ArgumentArity.OneOrMore };
        var command = new Command("exec", "Run a command inside the network (where its VMs are reachable), e.g. network exec web -- curl http://10.0.1.4/") { name, program };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var client = api.CreateClient(parse);
            var network = await client.GetNetworkAsync(parse.GetValue(name)!, cancellationToken).ConfigureAwait(false);
            using var process = NamespaceProcess.Start(network.Value.Namespace, parse.GetValue(program)!);
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            return process.ExitCode;
        });
        return command;
    }
}
