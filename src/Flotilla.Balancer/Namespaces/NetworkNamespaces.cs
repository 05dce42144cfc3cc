using Microsoft.Extensions.Logging;

namespace Flotilla.Balancer.Namespaces;

/// <summary>
/// The namespaces the live config's pools name, one <see cref="NetworkNamespace"/> (and thread)
/// each. A reload enters new ones before anything goes live and, once it has, lets go of those
/// no longer named; a name whose namespace was deleted and made again is a new namespace.
/// </summary>
public sealed partial class NetworkNamespaces(ILogger logger) : IDisposable
{
    private readonly Dictionary<(string Path, ulong Inode), NetworkNamespace> _entered = [];
    private readonly Lock _gate = new();

    public IReadOnlyCollection<NetworkNamespace> Entered
    {
        get
        {
            lock (_gate)
            {
                return [.. _entered.Values];
            }
        }
    }

    /// <summary>The namespace a pool names: the one already entered, or a newly entered one.</summary>
    /// <exception cref="NetworkNamespaceException">Missing, not a network namespace, or not enterable.</exception>
    public NetworkNamespace Enter(string configured)
    {
        var path = NamespaceFile.Resolve(configured) ?? throw new NetworkNamespaceException($"'{configured}' is neither a namespace name nor an absolute path");
        var (fd, inode) = NamespaceFile.Open(configured, path);
        lock (_gate)
        {
            if (_entered.TryGetValue((path, inode), out var existing))
            {
                NamespaceSyscalls.Close(fd);
                return existing;
            }

            var entered = NetworkNamespace.Enter(configured, path, inode, fd);
            _entered[(path, inode)] = entered;
            LogEntered(logger, configured, inode);
            return entered;
        }
    }

    /// <summary>Stops the threads of every namespace not in <paramref name="keep"/>.</summary>
    public void Retain(IEnumerable<NetworkNamespace> keep)
    {
        var kept = keep.ToHashSet();
        lock (_gate)
        {
            foreach (var (key, network) in _entered.Where(e => !kept.Contains(e.Value)).ToList())
            {
                network.Dispose();
                _entered.Remove(key);
                LogLeft(logger, network.Name, network.Inode);
            }
        }
    }

    public void Dispose() => Retain([]);

    [LoggerMessage(EventId = 500, Level = LogLevel.Information, Message = "Backend sockets for network namespace {Namespace} (net:[{Inode}]) are made on a thread inside it")]
    private static partial void LogEntered(ILogger logger, string @namespace, ulong inode);

    [LoggerMessage(EventId = 501, Level = LogLevel.Information, Message = "Network namespace {Namespace} (net:[{Inode}]) no longer named by the config; its thread stopped")]
    private static partial void LogLeft(ILogger logger, string @namespace, ulong inode);
}
