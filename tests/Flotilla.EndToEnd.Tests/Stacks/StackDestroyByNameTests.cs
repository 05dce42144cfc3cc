using System.Net;
using Flotilla.EndToEnd.Tests.Vms;

namespace Flotilla.EndToEnd.Tests.Stacks;

/// <summary>
/// <c>flotilla destroy NAME</c> without the file, through the real CLI and daemon (issue 14 §5): the daemon knows what the
/// stack owns. A stack of a security group and an isolated network is enough: a real namespace, no guest.
/// </summary>
[Collection(VmCollection.Name)]
public sealed class StackDestroyByNameTests(DaemonFixture daemon)
{
    private const string Stack = """
        name: e2e-byname
        securityGroups:
          - name: bn-nsg
            rules:
              - { name: allow-http, priority: 100, direction: inbound, access: allow, protocol: tcp, destinationPortRange: 80 }
        networks:
          - { name: bn-net, cidr: 10.77.42.0/24, mode: isolated, securityGroup: bn-nsg }
        """;

    [Fact]
    public async Task Destroy_by_name_removes_what_the_stack_owns_and_an_unknown_name_touches_nothing()
    {
        var file = Path.Combine(daemon.Dir, "byname.yaml");
        await File.WriteAllTextAsync(file, Stack);
        try
        {
            await using (var apply = await daemon.CliAsync("apply", "-f", file))
            {
                Assert.True(apply.ExitCode == 0, apply.Output);
            }

            var unknown = await daemon.FailsAsync(2, "destroy", "e2e-bynam");
            Assert.Equal("flotilla: no stack named 'e2e-bynam' on this host (nothing carries its tag; flotilla stack list shows them)", unknown);
            Assert.Equal(HttpStatusCode.OK, (await daemon.Http.GetAsync("/v1/networks/bn-net")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await daemon.Http.GetAsync("/v1/nsgs/bn-nsg")).StatusCode);

            await using (var destroy = await daemon.CliAsync("destroy", "e2e-byname"))
            {
                Assert.True(destroy.ExitCode == 0 && destroy.StandardError.Length == 0, destroy.Output);
                Assert.Contains("Destroy complete! Resources: 0 added, 0 changed, 2 destroyed.", destroy.StandardOutput);
            }
            Assert.Equal(HttpStatusCode.NotFound, (await daemon.Http.GetAsync("/v1/stacks/e2e-byname")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await daemon.Http.GetAsync("/v1/networks/bn-net")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await daemon.Http.GetAsync("/v1/nsgs/bn-nsg")).StatusCode);

            // Gone is gone: a second destroy by name is refused, not a silent success.
            Assert.StartsWith("flotilla: no stack named 'e2e-byname'", await daemon.FailsAsync(2, "destroy", "e2e-byname"), StringComparison.Ordinal);
        }
        finally
        {
            await using var cleanup = await daemon.CliAsync("destroy", "-f", file);
        }
    }
}
