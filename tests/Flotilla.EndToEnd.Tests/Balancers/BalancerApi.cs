using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Flotilla.EndToEnd.Tests.Vms;
using Flotilla.Testing;

namespace Flotilla.EndToEnd.Tests.Balancers;

/// <summary>The balancer API as the tests use it: PUT a spec, wait for its revision to be live in flotilla-lb.</summary>
internal static class BalancerApi
{
    public static object Spec(int frontendPort, params int[] backendPorts) => new
    {
        backendPools = new[] { new { name = "hello", members = backendPorts.Select(p => new { address = "127.0.0.1", port = p }).ToArray() } },
        probes = new[] { new { name = "tcp", protocol = "tcp", intervalSeconds = 1, unhealthyThreshold = 1 } },
        rules = new[] { new { name = "http", protocol = "tcp", frontendPort, backendPool = "hello", probe = "tcp" } },
        labels = new Dictionary<string, string> { ["team"] = "e2e" }, // not "stack": a stack-owned balancer refuses a plain delete
    };

    public static async Task<JsonNode> PutAsync(this DaemonFixture daemon, string name, object spec)
    {
        using var response = await daemon.Http.PutAsJsonAsync($"/v1/balancers/{name}", spec);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"PUT {name}: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!;
    }

    public static async Task<JsonNode> GetAsync(this DaemonFixture daemon, string name) =>
        (await daemon.Http.GetFromJsonAsync<JsonNode>($"/v1/balancers/{name}"))!;

    /// <summary>Waits until the balancer's current revision is in flotilla-lb's live config, with <paramref name="up"/> members in rotation.</summary>
    public static async Task<JsonNode> WaitLiveAsync(this DaemonFixture daemon, string name, int up)
    {
        JsonNode? last = null;
        await Wait.UntilAsync(async () =>
        {
            last = await daemon.GetAsync(name);
            var status = last["status"]!;
            return status["live"]!.GetValue<bool>() && status["process"]!.GetValue<string>() == "running" && status["membersUp"]!.GetValue<int>() == up;
        }, TimeSpan.FromSeconds(120), $"balancer {name} live with {up} members up (last: {last?["status"]?.ToJsonString()})");
        return last!;
    }

    public static int Pid(this JsonNode balancer) => balancer["status"]!["pid"]!.GetValue<int>();
}
