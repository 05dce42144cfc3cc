using System.Net;
using System.Net.WebSockets;
using System.Text;
using Flotilla.Balancer.Runtime;
using Flotilla.Balancer.Tests.Support;
using Flotilla.Testing;

namespace Flotilla.Balancer.Tests.L7;

/// <summary>What YARP's pipeline brings through the router: WebSockets, retries on a failed connect, timeouts, health, policies by name.</summary>
public sealed class ProxyTests
{
    private static string Router(string farm, string rules = "- { name: all, forward: app }") => $$"""
        routers:
          - name: r
            listeners: [ { address: 127.0.0.1, port: 0 } ]
            rules:
              {{rules}}
            farms:
              - {{farm}}
        """;

    private static string Members(params int[] ports) => $"members: [ {string.Join(", ", ports.Select(p => $"{{ address: 127.0.0.1, port: {p} }}"))} ]";

    [Fact]
    public async Task A_websocket_passes_through_to_the_member()
    {
        await using var app = await Backend.StartAsync("app");
        await using var router = await TestRouter.StartAsync(Router($"{{ name: app, {Members(app.Port)} }}"));
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{router.Port()}/ws"), CancellationToken.None);
        await socket.SendAsync(Encoding.UTF8.GetBytes("ping"), WebSocketMessageType.Text, true, CancellationToken.None);
        var buffer = new byte[100];
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var received = await socket.ReceiveAsync(buffer, deadline.Token);
        Assert.Equal("app echo ping", Encoding.UTF8.GetString(buffer, 0, received.Count));
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, deadline.Token);
    }

    [Fact]
    public async Task Idempotent_requests_retry_on_another_member_when_the_connect_fails_and_posts_do_not()
    {
        await using var app = await Backend.StartAsync("app");
        var dead = FreePort.Tcp();
        await using var router = await TestRouter.StartAsync(Router($"{{ name: app, retries: 1, {Members(dead, app.Port)} }}"));
        using var client = TestRouter.Client();
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal("app GET /x", await client.GetStringAsync(TestRouter.Url(router.Port(), "/x")));
        }

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 20; i++)
        {
            using var post = await client.PostAsync(TestRouter.Url(router.Port(), "/x"), new StringContent("order"));
            statuses.Add(post.StatusCode);
        }

        // Round robin sends every other POST to the dead member: those fail, none is replayed.
        Assert.Contains(HttpStatusCode.BadGateway, statuses);
        Assert.Contains(HttpStatusCode.OK, statuses);
    }

    [Fact]
    public async Task Without_retries_a_failed_connect_is_a_502()
    {
        await using var app = await Backend.StartAsync("app");
        await using var router = await TestRouter.StartAsync(Router($"{{ name: app, retries: 0, {Members(FreePort.Tcp(), app.Port)} }}"));
        using var client = TestRouter.Client();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 10; i++)
        {
            using var response = await client.GetAsync(TestRouter.Url(router.Port(), "/x"));
            statuses.Add(response.StatusCode);
        }

        Assert.Contains(HttpStatusCode.BadGateway, statuses);
    }

    [Fact]
    public async Task A_member_silent_past_the_request_timeout_gives_504()
    {
        await using var app = await Backend.StartAsync("app");
        await using var router = await TestRouter.StartAsync(Router($"{{ name: app, timeouts: {{ request: 1 }}, {Members(app.Port)} }}"));
        using var client = TestRouter.Client();
        using var response = await client.GetAsync(TestRouter.Url(router.Port(), "/slow"));
        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
    }

    [Fact]
    public async Task An_active_health_test_takes_a_sick_member_out_and_brings_it_back()
    {
        await using var a = await Backend.StartAsync("a");
        await using var b = await Backend.StartAsync("b");
        await using var router = await TestRouter.StartAsync(Router($"{{ name: app, health: {{ active: {{ path: /healthz, interval: 1, timeout: 1 }} }}, {Members(a.Port, b.Port)} }}"));
        using var client = TestRouter.Client();
        var url = TestRouter.Url(router.Port(), "/");
        b.HealthStatus = 503;
        await Wait.UntilAsync(async () => await AllFromAsync(client, url, "a"), TimeSpan.FromSeconds(10), "b out of rotation");
        b.HealthStatus = 200;
        await Wait.UntilAsync(async () => !await AllFromAsync(client, url, "a"), TimeSpan.FromSeconds(10), "b back in rotation");
    }

    private static async Task<bool> AllFromAsync(HttpClient client, string url, string member)
    {
        for (var i = 0; i < 6; i++)
        {
            if (!(await client.GetStringAsync(url)).StartsWith(member + " ", StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    [Theory]
    [InlineData("algorithm: roundRobin")]
    [InlineData("algorithm: leastRequests")]
    [InlineData("algorithm: powerOfTwoChoices")]
    [InlineData("algorithm: weightedRoundRobin")]
    [InlineData("algorithm: leastResponseTime")]
    [InlineData("algorithm: hash, hashOn: url")]
    [InlineData("affinity: { mode: cookie }")]
    [InlineData("affinity: { mode: hostName }")]
    public async Task Every_algorithm_and_affinity_is_served_by_its_registered_policy(string setting)
    {
        await using var app = await Backend.StartAsync("app");
        // A folder of its own: the store is a file and its Data Protection keys a folder beside it, both removed after.
        var folder = Directory.CreateTempSubdirectory("flotilla-affinity-").FullName;
        var yaml = Router($"{{ name: app, {setting}, {Members(app.Port)} }}").Replace("  - name: r\n", $"  - name: r\n    affinityStore: {folder}/store.sqlite\n", StringComparison.Ordinal);
        try
        {
            await ServeAsync(yaml);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task ServeAsync(string yaml)
    {
        await using var router = await TestRouter.StartAsync(yaml);
        using var client = TestRouter.Client();
        Assert.Equal("app GET /", await client.GetStringAsync(TestRouter.Url(router.Port(), "/")));
    }

    [Fact]
    public async Task Cookie_affinity_sets_arr_s_cookie_and_keeps_a_client_on_its_member()
    {
        await using var a = await Backend.StartAsync("a");
        await using var b = await Backend.StartAsync("b");
        await using var router = await TestRouter.StartAsync(Router($"{{ name: app, affinity: {{ mode: cookie }}, {Members(a.Port, b.Port)} }}"));
        using var client = TestRouter.Client();
        using var first = await client.GetAsync(TestRouter.Url(router.Port(), "/"));
        var cookie = first.Headers.GetValues("Set-Cookie").Single();
        Assert.StartsWith("ARRAffinity=", cookie, StringComparison.Ordinal);
        var member = (await first.Content.ReadAsStringAsync()).Split(' ')[0];
        for (var i = 0; i < 10; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, TestRouter.Url(router.Port(), "/"));
            request.Headers.Add("Cookie", cookie.Split(';')[0]);
            using var response = await client.SendAsync(request);
            Assert.StartsWith(member + " ", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Two_routers_sharing_an_affinity_store_honour_each_others_cookie()
    {
        await using var a = await Backend.StartAsync("a");
        await using var b = await Backend.StartAsync("b");
        await using var c = await Backend.StartAsync("c");
        var folder = Directory.CreateTempSubdirectory("flotilla-affinity-").FullName;
        try
        {
            var yaml = Router($"{{ name: app, affinity: {{ mode: cookie }}, {Members(a.Port, b.Port, c.Port)} }}")
                .Replace("  - name: r\n", $"  - name: r\n    affinityStore: {folder}/shared.sqlite\n", StringComparison.Ordinal);
            await using var one = await TestRouter.StartAsync(yaml);
            await using var two = await TestRouter.StartAsync(yaml);
            using var client = TestRouter.Client();
            // Each of several clients, pinned by router one, lands on the same member through router two.
            for (var i = 0; i < 6; i++)
            {
                using var first = await client.GetAsync(TestRouter.Url(one.Port(), "/"));
                var cookie = first.Headers.GetValues("Set-Cookie").Single().Split(';')[0];
                var member = (await first.Content.ReadAsStringAsync()).Split(' ')[0];
                for (var j = 0; j < 5; j++)
                {
                    using var request = new HttpRequestMessage(HttpMethod.Get, TestRouter.Url(two.Port(), "/"));
                    request.Headers.Add("Cookie", cookie);
                    using var response = await client.SendAsync(request);
                    Assert.StartsWith(member + " ", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
                    Assert.False(response.Headers.Contains("Set-Cookie"), "router two re-pinned a client router one had pinned");
                }
            }
            Assert.NotEmpty(Directory.EnumerateFiles(Path.Combine(folder, "shared.keys"), "key-*.xml"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
