using System.Text.Json.Nodes;
using Flotilla.EndToEnd.Tests.Vms;
using Flotilla.Testing;

namespace Flotilla.EndToEnd.Tests.Balancers;

/// <summary><c>GET /v1/events?watch=true</c> (NDJSON) and <c>flotilla events</c> against the real daemon and flotilla-lb.</summary>
[Collection(VmCollection.Name)]
public sealed class EventStreamTests(DaemonFixture daemon)
{
    [Fact]
    public async Task A_watch_sees_the_balancer_process_and_probe_events_in_order_with_rising_ids()
    {
        var since = JsonNode.Parse(await daemon.Http.GetStringAsync("/v1/events"))!.AsArray().Select(e => e!["id"]!.GetValue<long>()).DefaultIfEmpty(0).Max();
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        using var response = await daemon.Http.GetAsync($"/v1/events?watch=true&since={since}", HttpCompletionOption.ResponseHeadersRead, stop.Token);
        Assert.Equal("application/x-ndjson", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(stop.Token));
        var seen = new List<JsonNode>();

        async Task<JsonNode> NextAsync(params string[] types)
        {
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
            wait.CancelAfter(TimeSpan.FromSeconds(60));
            while (await ReadAsync(wait.Token) is { } line)
            {
                var e = JsonNode.Parse(line)!;
                seen.Add(e);
                if (types.Contains(e["type"]!.GetValue<string>())) return e;
            }
            throw new InvalidOperationException($"the stream ended, or a minute passed, before {string.Join(" or ", types)}: {string.Join("\n", seen.Select(s => s.ToJsonString()))}");
        }

        async Task<string?> ReadAsync(CancellationToken ct)
        {
            try
            {
                return await reader.ReadLineAsync(ct);
            }
            catch (OperationCanceledException) when (!stop.IsCancellationRequested)
            {
                return null;
            }
        }

        var vm0 = HelloServer.Start(0);
        var port = vm0.Port;
        try
        {
            await daemon.PutAsync("events", BalancerApi.Spec(FreePort.Tcp(), port));
            var created = await NextAsync("balancer.created");
            Assert.Equal("balancer/events", created["object"]!.GetValue<string>());
            // Started for this balancer, or reloaded with it when another test's balancer still keeps flotilla-lb up.
            await NextAsync("lb.started", "lb.reloaded");
            var up = await NextAsync("probe.up");
            Assert.Equal($"127.0.0.1:{port} (rule http) healthy", up["message"]!.GetValue<string>());
            await vm0.DisposeAsync();
            var down = await NextAsync("probe.down");
            Assert.StartsWith($"127.0.0.1:{port} (rule http) unhealthy", down["message"]!.GetValue<string>());
            await daemon.Http.DeleteAsync("/v1/balancers/events");
            await NextAsync("balancer.deleted");
            var others = JsonNode.Parse(await daemon.Http.GetStringAsync("/v1/balancers"))!.AsArray();
            if (others.Count == 0) await NextAsync("lb.stopped");
            else Assert.Fail($"another test left balancers behind: {others.ToJsonString()}");

            var ids = seen.Select(e => e["id"]!.GetValue<long>()).ToList();
            Assert.True(ids.First() > since, $"first id {ids.First()} after {since}");
            Assert.Equal(ids.OrderBy(i => i).Distinct(), ids);

            // The CLI prints the same events, one line each: TIME TYPE OBJECT MESSAGE.
            var text = await daemon.OkAsync("events", "--since", since.ToString(System.Globalization.CultureInfo.InvariantCulture));
            var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.StartsWith("TIME", lines[0]);
            Assert.Contains(lines, l => l.Contains("probe.down", StringComparison.Ordinal) && l.Contains("balancer/events", StringComparison.Ordinal));
            var json = await daemon.JsonAsync("events", "--since", since.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(ids, json.AsArray().Select(e => e!["id"]!.GetValue<long>()).Take(ids.Count));
        }
        finally
        {
            await vm0.DisposeAsync();
            await daemon.Http.DeleteAsync("/v1/balancers/events");
        }
    }
}
