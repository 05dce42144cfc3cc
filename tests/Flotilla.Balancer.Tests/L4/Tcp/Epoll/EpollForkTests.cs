using Flotilla.Balancer.Tests.Support;
using Flotilla.Testing;
using Flotilla.Testing.Netns;

namespace Flotilla.Balancer.Tests.L4.Tcp.Epoll;

/// <summary>
/// A child forked while flows close holds their sockets until it execs; epoll still watches
/// them then, so the loops must have let go of them before closing (the host of these tests
/// forks `ip` all the time).
/// </summary>
public sealed class EpollForkTests
{
    [Fact]
    public async Task Flows_that_close_while_the_process_forks_leave_the_loops_running()
    {
        await using var server = HelloServer.Start(0);
        var port = FreePort.Tcp();
        await using var lb = await TestBalancer.StartAsync(TestBalancer.Config(port, [server.Port]));
        using var stop = new CancellationTokenSource();
        var forking = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                Sh.Run("true");
            }
        });

        for (var i = 0; i < 400; i++)
        {
            Assert.Equal("Hello from VM 0\n", await Http.GetFreshAsync(port));
        }

        await stop.CancelAsync();
        await forking;
    }
}
