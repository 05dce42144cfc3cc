using System.CommandLine;

namespace Flotilla.Cli.Commands.Nsg;

/// <summary><c>flotilla nsg attach|detach GROUP --network NET | --vm VM [--nic N]</c>.</summary>
internal static class NsgAttachCommand
{
    public static Command Create(ApiOptions api, bool detach)
    {
        var group = NsgCommand.NameArgument();
        var network = new Option<string?>("--network") { Description = "The network (every NIC on it)" };
        var vm = new Option<string?>("--vm") { Description = "The VM whose NIC it is" };
        var nic = new Option<int>("--nic") { Description = "The VM's NIC index (nic0, nic1, …)", DefaultValueFactory = _ => 0 };
        var command = new Command(detach ? "detach" : "attach", detach
            ? "Detach a group from a network or a VM's NIC"
            : "Attach a group to a network (Azure's subnet group) or to a VM's NIC; both must allow a flow") { group, network, vm, nic };
        command.SetAction(async (parse, ct) =>
        {
            var target = new AttachRequest { Network = parse.GetValue(network), Vm = parse.GetValue(vm), Nic = parse.GetValue(nic) };
            if ((target.Network is null) == (target.Vm is null)) throw new UserInputException("name either --network NET or --vm VM [--nic N]");
            using var client = api.CreateClient(parse);
            await client.AttachSecurityGroupAsync(parse.GetValue(group)!, target, detach, ct).ConfigureAwait(false);
            var what = target.Network is { } n ? $"network {n}" : $"{target.Vm}/nic{target.Nic}";
            await Console.Out.WriteLineAsync($"nsg {parse.GetValue(group)} {(detach ? "detached from" : "attached to")} {what}").ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }
}
