using Flotilla.Balancer.Configuration;
using Flotilla.Core.Specs;
using Flotilla.Testing.Netns;

namespace Flotilla.Balancer.Tests.Configuration;

/// <summary>A pool's <c>namespace:</c> is checked against the real kernel when the file is read.</summary>
public sealed class PoolNamespaceConfigTests
{
    private static string Config(string pool) => $$"""
        balancers:
          - name: web
            frontendAddress: 127.0.0.1
            backendPools:
              - { name: vms, {{pool}}members: [ { address: 10.77.240.2, port: 80 } ] }
            rules: [ { name: r, frontendPort: 8080, backendPool: vms } ]
        """;

    [Fact]
    public void A_pool_names_an_existing_namespace_by_name_or_path()
    {
        using var network = new TestNamespace();
        Assert.Equal(network.Name, LbConfigReader.Parse(Config($"namespace: {network.Name}, ")).Balancers[0].BackendPools[0].Namespace);
        Assert.Equal($"/run/netns/{network.Name}", LbConfigReader.Parse(Config($"namespace: /run/netns/{network.Name}, ")).Balancers[0].BackendPools[0].Namespace);
        Assert.Null(LbConfigReader.Parse(Config("")).Balancers[0].BackendPools[0].Namespace);
    }

    [Theory]
    [InlineData("fltest-no-such-network", "network namespace 'fltest-no-such-network' does not exist (no /run/netns/fltest-no-such-network; see ip netns list)")]
    [InlineData("/run/netns/fltest-no-such-network", "network namespace file /run/netns/fltest-no-such-network does not exist")]
    [InlineData("/etc/hostname", "/etc/hostname is not a network namespace (expected a name under /run/netns or a /proc/PID/ns/net file)")]
    [InlineData("blue/green", "'blue/green' is neither a namespace name (as ip netns lists them) nor an absolute path")]
    [InlineData("..", "'..' is neither a namespace name (as ip netns lists them) nor an absolute path")]
    public void A_namespace_that_is_not_there_is_a_config_error_with_file_line_and_key(string value, string problem)
    {
        var error = Assert.Throws<SpecException>(() => LbConfigReader.Parse(Config($"namespace: '{value}', ")));
        Assert.StartsWith("lb.yaml:5:", error.Message, StringComparison.Ordinal);
        Assert.Equal("balancers[0].backendPools[0].namespace", error.Key);
        Assert.Equal(problem, error.Problem);
    }
}
