using System.Net;
using System.Net.Sockets;
using Flotilla.Compute.Vms;
using Flotilla.Core.Vms;
using Flotilla.Testing;

namespace Flotilla.Compute.Tests.Vms;

public sealed class ForwardPortsTests
{
    private static VmSpec With(params PortForward[] forwards) => new()
    {
        Name = "web-1", Template = "tiny-web", Mac = "52:54:00:00:00:01", InstanceId = "i-1", Forwards = forwards,
    };

    [Fact]
    public void A_free_port_passes_a_listening_one_does_not()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        var taken = ((IPEndPoint)listener.LocalEndPoint!).Port;

        ForwardPorts.EnsureFree(With(new PortForward(FreePort.Tcp(), 80)));
        Assert.Equal(taken, Assert.Throws<PortInUseException>(() => ForwardPorts.EnsureFree(With(new PortForward(taken, 80)))).Port);
    }

    [Fact]
    public void The_same_host_port_twice_is_refused()
    {
        var port = FreePort.Tcp();
        Assert.Throws<PortInUseException>(() => ForwardPorts.EnsureFree(With(new PortForward(port, 80), new PortForward(port, 22))));
    }

    [Fact]
    public void Qemus_own_bind_failure_names_the_port()
    {
        string[] log = ["qemu-system-x86_64: -netdev user,id=net0,hostfwd=tcp:127.0.0.1:18999-:80: Could not set up host forwarding rule 'tcp:127.0.0.1:18999-:80'"];

        Assert.Equal(18999, ForwardPorts.FromQemuLog(log));
        Assert.Null(ForwardPorts.FromQemuLog(["qemu-system-x86_64: Image is not in qcow2 format"]));
    }
}
