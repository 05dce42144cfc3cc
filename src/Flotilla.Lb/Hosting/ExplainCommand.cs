using System.Net;
using System.Net.Http.Json;
using Flotilla.Balancer.Configuration;
using Flotilla.Balancer.L4.Explain;
using Flotilla.Balancer.L4.Pools;

namespace Flotilla.Lb.Hosting;

/// <summary>
/// <c>flotilla-lb explain --config lb.yaml --rule NAME --src IP:PORT</c>: asks the running
/// balancer's admin API (health and live flows included); with none running, computes the
/// answer from the file alone, assuming every member healthy, and says so.
/// </summary>
internal static class ExplainCommand
{
    public static async Task<int> RunAsync(string configPath, string ruleName, string src, CancellationToken cancellationToken)
    {
        if (!IPEndPoint.TryParse(src, out var source) || source.Port == 0)
        {
            await Console.Error.WriteLineAsync($"flotilla-lb: --src '{src}' is not IP:PORT (e.g. 10.0.0.5:51234)").ConfigureAwait(false);
            return ExitCodes.BadInput;
        }

        if (await ConfigFile.LoadOrReportAsync(configPath).ConfigureAwait(false) is not { } config)
        {
            return ExitCodes.BadInput;
        }

        var found = config.Balancers.SelectMany(b => b.Rules.Select(r => (Balancer: b, Rule: r)))
            .FirstOrDefault(x => x.Rule.Name == ruleName || $"{x.Balancer.Name}/{x.Rule.Name}" == ruleName);
        if (found.Rule is null)
        {
            var names = string.Join(", ", config.Balancers.SelectMany(b => b.Rules.Select(r => r.Name)));
            await Console.Error.WriteLineAsync($"flotilla-lb: {configPath}: no rule '{ruleName}' (rules: {names})").ConfigureAwait(false);
            return ExitCodes.BadInput;
        }

        var explanation = await AskRunningAsync(config.Admin, ruleName, src, cancellationToken).ConfigureAwait(false);
        if (explanation is null)
        {
            explanation = Offline(found.Balancer, found.Rule, source);
            Console.WriteLine($"(no flotilla-lb answering on the admin address of {configPath}: computed from the file, every member assumed healthy)");
        }

        Console.WriteLine(explanation.Summary);
        return ExitCodes.Ok;
    }

    private static async Task<FlowExplanation?> AskRunningAsync(AdminConfig? admin, string rule, string src, CancellationToken cancellationToken)
    {
        if (admin is null)
        {
            return null;
        }

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
        try
        {
            var url = $"http://{admin.Address}:{admin.Port}/explain?rule={Uri.EscapeDataString(rule)}&src={Uri.EscapeDataString(src)}";
            return await http.GetFromJsonAsync<FlowExplanation>(url, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }

    private static FlowExplanation Offline(BalancerConfig balancer, RuleConfig rule, IPEndPoint source)
    {
        var frontend = new IPEndPoint(IPAddress.Parse(balancer.FrontendAddress), rule.FrontendPort);
        var runtime = new RuleRuntime(balancer.Name, rule, frontend, 0);
        var pool = balancer.BackendPools.First(p => p.Name == rule.BackendPool);
        foreach (var member in runtime.Update(rule, frontend, [.. pool.Members.Select(m => (m.EndpointFor(rule), m.Weight))], 0))
        {
            member.Healthy = true;
        }

        runtime.RebuildPool();
        return FlowExplainer.Explain(runtime, source, frontend, _ => "health unknown");
    }
}
