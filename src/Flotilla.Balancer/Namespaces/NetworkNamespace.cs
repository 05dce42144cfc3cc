using System.Net.Sockets;
using static Flotilla.Balancer.Namespaces.NamespaceSyscalls;

namespace Flotilla.Balancer.Namespaces;

/// <summary>
/// A network namespace backend sockets are made in (a pool's <c>namespace:</c>), entered by its
/// own <see cref="NamespaceThread"/>. A socket keeps the namespace it was made in for life, so
/// only its creation crosses over; connecting, reading and writing happen on host threads with
/// the usual APIs.
/// </summary>
public sealed class NetworkNamespace : IDisposable
{
    private readonly NamespaceThread _thread;
    private readonly SpareSockets _spares;

    private NetworkNamespace(string name, string path, ulong inode, NamespaceThread thread)
    {
        Name = name;
        Path = path;
        Inode = inode;
        _thread = thread;
        _spares = new SpareSockets(thread);
    }

    /// <summary>As the config names it: <c>blue</c> or <c>/proc/1234/ns/net</c>.</summary>
    public string Name { get; }

    public string Path { get; }

    /// <summary>The namespace's identity (<c>net:[INODE]</c> in /proc).</summary>
    public ulong Inode { get; }

    /// <summary>Opens and enters the namespace a config names.</summary>
    /// <exception cref="NetworkNamespaceException">Missing, not a network namespace, or not enterable.</exception>
    public static NetworkNamespace Enter(string configured)
    {
        var path = NamespaceFile.Resolve(configured) ?? throw new NetworkNamespaceException($"'{configured}' is neither a namespace name nor an absolute path");
        var (fd, inode) = NamespaceFile.Open(configured, path);
        return Enter(configured, path, inode, fd);
    }

    /// <summary>Enters the namespace of an open file; closes <paramref name="fd"/> either way.</summary>
    internal static NetworkNamespace Enter(string configured, string path, ulong inode, int fd)
    {
        try
        {
            return new NetworkNamespace(configured, path, inode, NamespaceThread.Start(fd));
        }
        catch (NetworkNamespaceException e)
        {
            throw new NetworkNamespaceException($"cannot enter network namespace {path}: {e.Message}", e);
        }
        finally
        {
            // The thread is inside now (or failed): the descriptor has done its job.
            Close(fd);
        }
    }

    /// <summary>A socket in <paramref name="network"/>, or in the process's own namespace when null (a plain <c>new Socket</c>).</summary>
    public static Socket CreateSocket(NetworkNamespace? network, AddressFamily family, SocketType type, ProtocolType protocol) =>
        network is null ? new Socket(family, type, protocol) : network.CreateSocket(family, type, protocol);

    /// <summary>
    /// A socket in this namespace. Blocking like a plain <c>new Socket</c> (the runtime makes it
    /// non-blocking on its first async operation). Usually a spare made ahead; else the caller
    /// blocks for one round trip to the namespace thread.
    /// </summary>
    /// <exception cref="SocketException">socket(2) failed (EMFILE maps to TooManyOpenSockets), or NetworkDown once disposed.</exception>
    public Socket CreateSocket(AddressFamily family, SocketType type, ProtocolType protocol)
    {
        var fd = CreateDescriptor(Domain(family), (int)type | SOCK_CLOEXEC, (int)protocol);
        if (fd < 0)
        {
            throw SocketErrors.From(-fd);
        }

        var handle = new SafeSocketHandle(fd, ownsHandle: true);
        try
        {
            return new Socket(handle);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>A raw socket(2) in this namespace: the descriptor, or -errno (-ENETDOWN once disposed).</summary>
    internal int CreateDescriptor(int domain, int type, int protocol) => _spares.Take(domain, type, protocol);

    /// <summary>Sockets made ahead and not taken yet (they hold descriptors).</summary>
    internal int SpareCount => _spares.Count;

    public override string ToString() => $"{Name} (net:[{Inode}])";

    /// <summary>Stops the thread and closes the spares. Sockets taken keep working; new ones fail with NetworkDown.</summary>
    public void Dispose()
    {
        _spares.Dispose();
        _thread.Dispose();
    }

    internal static int Domain(AddressFamily family) => family switch
    {
        AddressFamily.InterNetwork => AF_INET,
        AddressFamily.InterNetworkV6 => AF_INET6,
        _ => throw new ArgumentOutOfRangeException(nameof(family), family, "only IPv4 and IPv6 sockets are made in a namespace"),
    };
}
