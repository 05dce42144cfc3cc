using System.Net;
using System.Net.Sockets;
using Flotilla.Balancer.Namespaces;
using Flotilla.Testing;
using Flotilla.Testing.Netns;

namespace Flotilla.Balancer.Tests.Support;

/// <summary>
/// A stand-in for one VM network: a test namespace whose loopback carries 10.77.240.x addresses,
/// and servers listening there on sockets made inside it (so nothing binds in the host).
/// </summary>
public sealed class VmNetwork : IDisposable
{
    private readonly TestNamespace _namespace = new();
    private readonly NetworkNamespace _sockets;

    public VmNetwork(params string[] addresses)
    {
        foreach (var address in addresses)
        {
            _namespace.Exec($"ip addr add {address}/32 dev lo");
        }

        _sockets = NetworkNamespace.Enter(_namespace.Name);
    }

    public string Name => _namespace.Name;

    public ulong Inode => _sockets.Inode;

    /// <summary>An HTTP server inside the network answering <c>Hello from VM {index}</c>.</summary>
    public HelloServer Hello(int index, string address, int port = 0)
    {
        var listener = _sockets.CreateSocket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Parse(address), port));
        listener.Listen(128);
        return HelloServer.Serve(index, listener);
    }

    public Socket Socket(SocketType type, ProtocolType protocol) => _sockets.CreateSocket(AddressFamily.InterNetwork, type, protocol);

    public void Dispose()
    {
        _sockets.Dispose();
        _namespace.Dispose();
    }
}
