using Flotilla.Balancer.Namespaces;
using Flotilla.Testing.Netns;
using Microsoft.Extensions.Logging.Abstractions;

namespace Flotilla.Balancer.Tests.Namespaces;

/// <summary>The registry of entered namespaces: one thread per namespace, identity by inode, not name.</summary>
public sealed class NetworkNamespacesTests
{
    [Fact]
    public void A_name_and_its_path_share_one_thread_and_retain_stops_the_rest()
    {
        using var blue = new TestNamespace();
        using var green = new TestNamespace();
        using var registry = new NetworkNamespaces(NullLogger.Instance);
        var byName = registry.Enter(blue.Name);
        Assert.Same(byName, registry.Enter(blue.Name));
        Assert.Same(byName, registry.Enter($"/run/netns/{blue.Name}"));
        var other = registry.Enter(green.Name);
        Assert.Equal(2, registry.Entered.Count);

        registry.Retain([other]);
        Assert.Same(other, Assert.Single(registry.Entered));
        Assert.Equal(-100, byName.CreateDescriptor(2, 1, 0));
    }

    [Fact]
    public void A_network_deleted_and_made_again_under_its_name_is_a_new_namespace()
    {
        var name = $"fltest-{Environment.ProcessId}-again";
        using var registry = new NetworkNamespaces(NullLogger.Instance);
        try
        {
            Sh.Run($"ip netns add {name}");
            var first = registry.Enter(name);
            Sh.Run($"ip netns del {name} && ip netns add {name}");
            var second = registry.Enter(name);

            Assert.NotSame(first, second);
            Assert.NotEqual(first.Inode, second.Inode);
        }
        finally
        {
            Sh.Run($"ip netns del {name}", check: false);
        }
    }
}
