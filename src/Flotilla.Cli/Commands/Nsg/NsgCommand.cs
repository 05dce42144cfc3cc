using System.CommandLine;
using Flotilla.Cli.Commands.Output;

namespace Flotilla.Cli.Commands.Nsg;

/// <summary>
/// <c>flotilla nsg …</c>: network security groups (Azure's NSGs): create, rules, attach to a network or a NIC
/// (docs/security-groups.md). Every change is in force for new connections when the command returns.
/// </summary>
internal static class NsgCommand
{
    public static Command Create()
    {
        var api = new ApiOptions();
        var command = new Command("nsg", "Network security groups: prioritised allow/deny rules on a network or a VM's NIC");
        api.AddTo(command);
        command.Subcommands.Add(CreateGroup(api));
        command.Subcommands.Add(List(api));
        command.Subcommands.Add(Show(api));
        command.Subcommands.Add(Delete(api));
        command.Subcommands.Add(NsgRuleCommand.Create(api));
        command.Subcommands.Add(NsgAttachCommand.Create(api, detach: false));
        command.Subcommands.Add(NsgAttachCommand.Create(api, detach: true));
        return command;
    }

    public static Argument<string> NameArgument() => new("name") { Description = "The security group's name (a DNS label)" };

    private static Command CreateGroup(ApiOptions api)
    {
        var name = NameArgument();
        var command = new Command("create", "Create an empty group (only Azure's default rules: vnet and balancer in, deny the rest)") { name };
        command.SetAction(async (parse, ct) =>
        {
            using var client = api.CreateClient(parse);
            var group = await client.CreateSecurityGroupAsync(parse.GetValue(name)!, ct).ConfigureAwait(false);
            await Console.Out.WriteLineAsync($"nsg {group.Value.Name} created; add rules with: flotilla nsg rule add {group.Value.Name} --name NAME --priority 100 ...").ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command List(ApiOptions api)
    {
        var output = new OutputOption();
        var command = new Command("list", "List the security groups, their rule counts and what they are attached to");
        output.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            using var client = api.CreateClient(parse);
            var groups = await client.ListSecurityGroupsAsync(ct).ConfigureAwait(false);
            if (output.Get(parse) == OutputFormat.Json) await JsonText.WriteAsync(Console.Out, groups.Json, ct).ConfigureAwait(false);
            else if (groups.Value.Count == 0) await Console.Out.WriteLineAsync("no security groups (create one with: flotilla nsg create NAME)").ConfigureAwait(false);
            else await Console.Out.WriteAsync(NsgView.Table(groups.Value)).ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Show(ApiOptions api)
    {
        var name = NameArgument();
        var output = new OutputOption();
        var command = new Command("show", "Show a group's rules in evaluation order, defaults included") { name };
        output.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            using var client = api.CreateClient(parse);
            var group = await client.GetSecurityGroupAsync(parse.GetValue(name)!, ct).ConfigureAwait(false);
            if (output.Get(parse) == OutputFormat.Json) await JsonText.WriteAsync(Console.Out, group.Json, ct).ConfigureAwait(false);
            else await Console.Out.WriteAsync(NsgView.Details(group.Value)).ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Delete(ApiOptions api)
    {
        var name = NameArgument();
        var force = ForceOption.Create("group");
        var command = new Command("delete", "Delete a group (refused while it is attached)") { name, force };
        command.SetAction(async (parse, ct) =>
        {
            var group = parse.GetValue(name)!;
            using var client = api.CreateClient(parse);
            await client.DeleteSecurityGroupAsync(group, parse.GetValue(force), ct).ConfigureAwait(false);
            await Console.Out.WriteLineAsync($"nsg {group} deleted").ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }
}
