using Flotilla.Balancer.Configuration;
using Flotilla.Balancer.L4.Tcp;
using Flotilla.Balancer.Runtime;
using Microsoft.Extensions.Logging.Abstractions;

namespace Flotilla.Balancer.Tests.Support;

/// <summary>An in-process data plane on real loopback sockets, configured from YAML.</summary>
public sealed class TestBalancer : IAsyncDisposable
{
    private TestBalancer(LbRuntime runtime) => Runtime = runtime;

    public LbRuntime Runtime { get; }

    public static async Task<TestBalancer> StartAsync(string yaml, int? maxConnections = null, L4EngineOptions? engine = null)
    {
        var runtime = new LbRuntime(TimeProvider.System, NullLoggerFactory.Instance, maxConnections is { } max ? new ConnectionLimit(max) : null, engine);
        try
        {
            await runtime.ApplyAsync(LbConfigReader.Parse(yaml), CancellationToken.None);
            return new TestBalancer(runtime);
        }
        catch
        {
            await runtime.DisposeAsync();
            throw;
        }
    }

    public Task ReloadAsync(string yaml) => Runtime.ApplyAsync(LbConfigReader.Parse(yaml), CancellationToken.None);

    public bool InRotation(string rule, int port) =>
        Runtime.FindRule(rule)!.Pool.Members.Any(m => m.Endpoint.Port == port);

    public ValueTask DisposeAsync() => Runtime.DisposeAsync();

    /// <summary>A one-balancer config: members on loopback, the given rule and probe lines.</summary>
    public static string Config(int frontendPort, IEnumerable<int> memberPorts, string ruleExtra = "", string? probe = null, string protocol = "tcp") => $$"""
        balancers:
          - name: web
            frontendAddress: 127.0.0.1
            backendPools:
              - name: vms
                members: [ {{string.Join(", ", memberPorts.Select(p => $"{{ address: 127.0.0.1, port: {p} }}"))}} ]
            probes: [ {{probe ?? ""}} ]
            rules:
              - { name: r, protocol: {{protocol}}, frontendPort: {{frontendPort}}, backendPool: vms{{(probe is null ? "" : ", probe: p")}}{{ruleExtra}} }
        """;
}
