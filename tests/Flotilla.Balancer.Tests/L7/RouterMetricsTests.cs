using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Flotilla.Balancer.L7.Serving;
using Flotilla.Balancer.Tests.Support;

namespace Flotilla.Balancer.Tests.L7;

/// <summary>The router's instruments: a count and a latency per request, tagged with router, rule, farm, server and status class.</summary>
public sealed class RouterMetricsTests
{
    [Fact]
    public async Task Each_request_is_counted_and_timed_per_rule_server_and_status_class()
    {
        var counted = new ConcurrentQueue<(string Instrument, double Value, Dictionary<string, string> Tags)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == RouterMetrics.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Add(i, v, tags));
        listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Add(i, v, tags));
        listener.Start();

        await using var app = await Backend.StartAsync("app");
        await using var router = await TestRouter.StartAsync($$"""
            routers:
              - name: metrics-test
                listeners: [ { address: 127.0.0.1, port: 0 } ]
                rules:
                  - { name: denied, match: { path: { prefix: /denied } }, status: { code: 403 } }
                  - { name: app, forward: app }
                farms:
                  - { name: app, members: [ { address: 127.0.0.1, port: {{app.Port}} } ] }
            """);
        using var client = TestRouter.Client();
        for (var i = 0; i < 3; i++)
        {
            await client.GetStringAsync(TestRouter.Url(router.Port(), "/x"));
        }

        using var denied = await client.GetAsync(TestRouter.Url(router.Port(), "/denied"));

        // The count is taken when the middleware returns, which may be just after the client has its answer.
        await Flotilla.Testing.Wait.UntilAsync(() => counted.Count(c => c.Tags["router"] == "metrics-test" && c.Instrument == "request_duration_seconds") >= 4, TimeSpan.FromSeconds(5), "4 requests recorded");
        var mine = counted.Where(c => c.Tags["router"] == "metrics-test").ToList();
        var requests = mine.Where(c => c.Instrument == "requests_total").ToList();
        Assert.Equal(3, requests.Count(c => c.Tags["rule"] == "app" && c.Tags["server"] == $"127.0.0.1:{app.Port}" && c.Tags["code"] == "2xx" && c.Tags["farm"] == "app"));
        Assert.Single(requests, c => c.Tags["rule"] == "denied" && c.Tags["server"] == "router" && c.Tags["code"] == "4xx");
        var durations = mine.Where(c => c.Instrument == "request_duration_seconds").ToList();
        Assert.Equal(4, durations.Count);
        Assert.All(durations, d => Assert.InRange(d.Value, 0, 10));

        void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var map = new Dictionary<string, string>();
            foreach (var (key, tag) in tags)
            {
                map[key] = tag?.ToString() ?? "";
            }

            counted.Enqueue((instrument.Name, value, map));
        }
    }
}
