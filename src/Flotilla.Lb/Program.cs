using System.CommandLine;
using Flotilla.Lb.Hosting;

var config = new Option<string>("--config", "-c") { Description = "The balancer config file (lb.yaml)", Required = true };
var check = new Option<bool>("--check") { Description = "Validate the config and exit (like haproxy -c)" };
var logFormat = new Option<string>("--log-format") { Description = "text or json", DefaultValueFactory = _ => "text" };
logFormat.AcceptOnlyFromAmong("text", "json");

var root = new RootCommand("flotilla-lb: the Flotilla data plane: L4 network load balancer and L7 application request router") { config, check, logFormat };
root.SetAction(async (parse, cancellationToken) =>
{
    var path = parse.GetValue(config)!;
    if (parse.GetValue(check))
    {
        if (await ConfigFile.LoadOrReportAsync(path) is not { } loaded)
        {
            return ExitCodes.BadInput;
        }

        Console.WriteLine($"{path}: valid ({loaded.Balancers.Count} balancers, {loaded.Balancers.Sum(b => b.Rules.Count)} rules{(loaded.Routers.Count > 0 ? $", {loaded.Routers.Count} routers" : "")})");
        return ExitCodes.Ok;
    }

    return await LbHost.RunAsync(path, parse.GetValue(logFormat) == "json", cancellationToken);
});

var explainConfig = new Option<string>("--config", "-c") { Description = "The balancer config file (lb.yaml)", Required = true };
var rule = new Option<string>("--rule") { Description = "Rule name (or balancer/rule)", Required = true };
var src = new Option<string>("--src") { Description = "Client address, IP:PORT", Required = true };
var explain = new Command("explain", "Show how a client tuple is hashed and which member takes it") { explainConfig, rule, src };
explain.SetAction((parse, cancellationToken) =>
    ExplainCommand.RunAsync(parse.GetValue(explainConfig)!, parse.GetValue(rule)!, parse.GetValue(src)!, cancellationToken));
root.Subcommands.Add(explain);

var result = root.Parse(args);
if (result.Errors.Count > 0)
{
    foreach (var error in result.Errors)
    {
        await Console.Error.WriteLineAsync($"flotilla-lb: {error.Message}");
    }

    return ExitCodes.BadInput;
}

return await result.InvokeAsync();
