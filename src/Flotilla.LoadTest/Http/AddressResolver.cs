using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Flotilla.LoadTest.Http;

/// <summary>
/// Resolves each host name once per run, shared by every VU: 10,000 VUs must not make 10,000
/// lookups, and a run measures the target, not the resolver.
/// </summary>
public sealed class AddressResolver
{
    private readonly ConcurrentDictionary<string, Lazy<Task<IPAddress>>> _cache = new(StringComparer.OrdinalIgnoreCase);

    public Task<IPAddress> ResolveAsync(HttpTarget target)
    {
        if (target.LiteralAddress is { } literal) return Task.FromResult(literal);
        return _cache.GetOrAdd(target.Host, host => new Lazy<Task<IPAddress>>(() => LookupAsync(host))).Value;
    }

    private static async Task<IPAddress> LookupAsync(string host)
    {
        var addresses = await Dns.GetHostAddressesAsync(host).ConfigureAwait(false);
        return addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork)
            ?? addresses.FirstOrDefault()
            ?? throw new SocketException((int)SocketError.HostNotFound);
    }
}
