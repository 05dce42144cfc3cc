using Flotilla.Compute.Networking;
using Flotilla.Testing.Netns;
using Microsoft.Extensions.Logging.Abstractions;

namespace Flotilla.Compute.Tests.Networking;

/// <summary>
/// Issue 14: the first nat network set <c>net.ipv4.ip_forward=1</c> and nothing put it back. The setting is per
/// network namespace, so each test plays the host in a namespace of its own, which starts with forwarding off.
/// </summary>
public sealed class HostForwardingTests : IDisposable
{
    private readonly TestNamespace _host = new("flfwd");
    private readonly HostForwarding _forwarding;

    public HostForwardingTests()
    {
        _forwarding = new HostForwarding(_host.Name, NullLogger.Instance);
        try
        {
            _host.Exec("ip link add up0 type bridge && ip link set up0 up");
        }
        catch
        {
            _host.Dispose();   // xunit does not dispose what a failed constructor made
            throw;
        }
    }

    private string Forwarding => _host.Exec("sysctl -n net.ipv4.ip_forward").Trim();

    [Fact]
    public async Task Forwarding_turned_on_for_a_nat_network_goes_back_off_with_the_last_uplink()
    {
        _host.Exec("sysctl -qw net.ipv4.ip_forward=0");   // a new namespace copies the host's (net.core.devconf_inherit_init_net)
        _host.Exec("ip addr add 169.254.240.1/30 dev up0");   // a nat network's uplink, host end
        await _forwarding.EnableAsync(CancellationToken.None);
        Assert.Equal("1", Forwarding);

        Assert.False(await _forwarding.RestoreAsync(CancellationToken.None));   // an uplink still needs it
        Assert.Equal("1", Forwarding);

        _host.Exec("ip addr del 169.254.240.1/30 dev up0");
        Assert.True(await _forwarding.RestoreAsync(CancellationToken.None));
        Assert.Equal("0", Forwarding);
        Assert.False(File.Exists(await _forwarding.MarkerAsync(CancellationToken.None)));
    }

    [Fact]
    public async Task Forwarding_that_was_on_before_stays_on()
    {
        _host.Exec("sysctl -qw net.ipv4.ip_forward=1");
        await _forwarding.EnableAsync(CancellationToken.None);

        Assert.False(await _forwarding.RestoreAsync(CancellationToken.None));
        Assert.Equal("1", Forwarding);
    }

    public void Dispose()
    {
        // The marker of a failed test must not outlive its namespace (a new namespace could reuse the inode).
        try
        {
            var marker = _forwarding.MarkerAsync(CancellationToken.None).GetAwaiter().GetResult();
            if (File.Exists(marker)) File.Delete(marker);
        }
        finally
        {
            _host.Dispose();
        }
    }
}
