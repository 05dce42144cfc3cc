using System.CommandLine;

namespace Flotilla.Cli.Commands.Nsg;

/// <summary><c>flotilla nsg rule add|delete GROUP …</c>: the fields seed 000's Terraform gives each <c>security_rule</c>.</summary>
internal static class NsgRuleCommand
{
    public static Command Create(ApiOptions api)
    {
        var command = new Command("rule", "Add or delete a group's rules");
        command.Subcommands.Add(Add(api));
        command.Subcommands.Add(Delete(api));
        return command;
    }

    private static Command Add(ApiOptions api)
    {
        var group = NsgCommand.NameArgument();
        var name = new Option<string>("--name") { Description = "The rule's name, unique in the group", Required = true };
        var priority = new Option<int>("--priority") { Description = "100-4096; the lowest number that matches decides", Required = true };
        var direction = new Option<string>("--direction") { Description = "inbound (to the VM) or outbound (from it)", Required = true };
        direction.AcceptOnlyFromAmong("inbound", "outbound");
        var access = new Option<string>("--access") { Description = "allow or deny", Required = true };
        access.AcceptOnlyFromAmong("allow", "deny");
        var protocol = new Option<string>("--protocol") { Description = "tcp, udp, icmp or any", DefaultValueFactory = _ => "any" };
        protocol.AcceptOnlyFromAmong("tcp", "udp", "icmp", "any", "*");
        var port = new Option<string>("--port", "--destination-port") { Description = "Destination port(s): *, 80, 8000-8080 or a list 80,443", DefaultValueFactory = _ => "*" };
        var sourcePort = new Option<string>("--source-port") { Description = "Source port(s), as --port", DefaultValueFactory = _ => "*" };
        var source = new Option<string>("--source") { Description = "Source prefix(es): *, an address, a CIDR, VirtualNetwork, Internet, AzureLoadBalancer", DefaultValueFactory = _ => "*" };
        var destination = new Option<string>("--destination") { Description = "Destination prefix(es), as --source", DefaultValueFactory = _ => "*" };
        var command = new Command("add", "Add a rule; it applies to new connections at once, no VM restarts")
        {
            group, name, priority, direction, access, protocol, port, sourcePort, source, destination,
        };
        command.SetAction(async (parse, ct) =>
        {
            var rule = new Core.Security.SecurityRuleText
            {
                Name = parse.GetValue(name)!, Priority = parse.GetValue(priority), Direction = parse.GetValue(direction)!, Access = parse.GetValue(access)!,
                Protocol = parse.GetValue(protocol)!, DestinationPortRange = parse.GetValue(port)!, SourcePortRange = parse.GetValue(sourcePort)!,
                SourceAddressPrefix = parse.GetValue(source)!, DestinationAddressPrefix = parse.GetValue(destination)!,
            };
            using var client = api.CreateClient(parse);
            var updated = await client.AddRuleAsync(parse.GetValue(group)!, rule, ct).ConfigureAwait(false);
            await Console.Out.WriteLineAsync($"nsg {updated.Value.Name}: rule {rule.Name} added ({updated.Value.Rules.Count} rules)").ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Delete(ApiOptions api)
    {
        var group = NsgCommand.NameArgument();
        var rule = new Argument<string>("rule") { Description = "The rule's name" };
        var command = new Command("delete", "Delete a rule; new connections no longer meet it") { group, rule };
        command.Aliases.Add("remove");
        command.SetAction(async (parse, ct) =>
        {
            using var client = api.CreateClient(parse);
            var updated = await client.RemoveRuleAsync(parse.GetValue(group)!, parse.GetValue(rule)!, ct).ConfigureAwait(false);
            await Console.Out.WriteLineAsync($"nsg {updated.Value.Name}: rule {parse.GetValue(rule)} deleted ({updated.Value.Rules.Count} rules)").ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }
}
