using System.CommandLine;
using Flotilla.Api;
using Flotilla.Api.Json;
using Flotilla.Cli.Commands.Output;

namespace Flotilla.Cli.Commands.Pool;

/// <summary><c>flotilla pool create|list|show|delete</c>: storage pools for VM disks (docs/cli.md).</summary>
internal static class PoolCommand
{
    public static Command Create()
    {
        var api = new ApiOptions();
        var command = new Command("pool", "Storage pools: directories for VM disks, with a capacity and a tier");
        api.AddTo(command);
        command.Subcommands.Add(CreatePool(api));
        command.Subcommands.Add(List(api));
        command.Subcommands.Add(Show(api));
        command.Subcommands.Add(Delete(api));
        return command;
    }

    private static Argument<string> NameArgument() => new("name") { Description = "The pool's name (a DNS label)" };

    private static Command CreatePool(ApiOptions api)
    {
        var name = NameArgument();
        var path = new Option<string>("--path") { Description = "An absolute directory for its disks (made when missing)", Required = true };
        var capacity = new Option<string>("--capacity") { Description = "How many bytes its disks may allocate: 20G, 512M (powers of 1024)", Required = true };
        var tier = new Option<string>("--tier") { Description = "Its storage class: gold, silver or bronze", Required = true };
        tier.AcceptOnlyFromAmong("gold", "silver", "bronze");
        var output = new OutputOption();
        var command = new Command("create", "Define a storage pool on a directory") { name, path, capacity, tier };
        output.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var client = api.CreateClient(parse);
            var pool = await client.CreatePoolAsync(new CreatePoolRequest
            {
                Name = parse.GetValue(name)!, Path = parse.GetValue(path)!, Capacity = parse.GetValue(capacity)!, Tier = parse.GetValue(tier)!,
            }, cancellationToken).ConfigureAwait(false);
            if (output.Get(parse) == OutputFormat.Json) await JsonText.WriteAsync(Console.Out, pool.Json, cancellationToken).ConfigureAwait(false);
            else await Console.Out.WriteLineAsync($"pool {pool.Value.Name} created: {WireText.Of(pool.Value.Tier)}, {ByteText.Format(pool.Value.CapacityBytes)} in {pool.Value.Path}").ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command List(ApiOptions api)
    {
        var output = new OutputOption();
        var command = new Command("list", "List the host's pools with their totals: capacity, allocated, provisioned, free, overcommit");
        output.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var client = api.CreateClient(parse);
            var pools = await client.ListPoolsAsync(cancellationToken).ConfigureAwait(false);
            if (output.Get(parse) == OutputFormat.Json) await JsonText.WriteAsync(Console.Out, pools.Json, cancellationToken).ConfigureAwait(false);
            else await Console.Out.WriteAsync(PoolView.Table(pools.Value)).ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Show(ApiOptions api)
    {
        var name = NameArgument();
        var output = new OutputOption();
        var command = new Command("show", "Show a pool: its totals, and each volume's virtual and allocated size and backing file") { name };
        output.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var client = api.CreateClient(parse);
            var pool = await client.GetPoolAsync(parse.GetValue(name)!, cancellationToken).ConfigureAwait(false);
            if (output.Get(parse) == OutputFormat.Json) await JsonText.WriteAsync(Console.Out, pool.Json, cancellationToken).ConfigureAwait(false);
            else await Console.Out.WriteAsync(PoolView.Details(pool.Value)).ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Delete(ApiOptions api)
    {
        var name = NameArgument();
        var command = new Command("delete", "Forget a pool that holds no VM's disk (a directory it made goes too, once empty)") { name };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var client = api.CreateClient(parse);
            await client.DeletePoolAsync(parse.GetValue(name)!, cancellationToken).ConfigureAwait(false);
            await Console.Out.WriteLineAsync($"pool {parse.GetValue(name)} deleted").ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }
}
