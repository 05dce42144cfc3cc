using System.Net;
using Flotilla.Balancer.Configuration;
using Flotilla.Balancer.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Flotilla.Balancer.Tests.Support;

/// <summary>An in-process flotilla-lb runtime with routers, configured from YAML, and a client for it.</summary>
public sealed class TestRouter : IAsyncDisposable
{
    // Each router's affinity store (and the Data Protection keys folder beside it) goes here unless the config names
    // one, not to the default under /run/flotilla-lb, which would outlive the test run.
    private readonly DirectoryInfo _affinity;

    private TestRouter(LbRuntime runtime, DirectoryInfo affinity)
    {
        Runtime = runtime;
        _affinity = affinity;
    }

    public LbRuntime Runtime { get; }

    public static async Task<TestRouter> StartAsync(string yaml)
    {
        var runtime = new LbRuntime(TimeProvider.System, NullLoggerFactory.Instance);
        var affinity = Directory.CreateTempSubdirectory("flotilla-test-router-");
        try
        {
            await runtime.ApplyAsync(Parse(yaml, affinity), CancellationToken.None);
            return new TestRouter(runtime, affinity);
        }
        catch
        {
            await runtime.DisposeAsync();
            DeleteAffinity(affinity);
            throw;
        }
    }

    public Task ReloadAsync(string yaml) => Runtime.ApplyAsync(Parse(yaml, _affinity), CancellationToken.None);

    private static LbConfig Parse(string yaml, DirectoryInfo affinity)
    {
        var config = LbConfigReader.Parse(yaml);
        // The reader's default for a router without affinityStore: /run/flotilla-lb/NAME.affinity.sqlite.
        const string defaultFolder = "/run/flotilla-lb";
        return config with
        {
            Routers = [.. config.Routers.Select(r => Path.GetDirectoryName(r.AffinityStore) == defaultFolder
                ? r with { AffinityStore = Path.Combine(affinity.FullName, Path.GetFileName(r.AffinityStore)) }
                : r)],
        };
    }

    private static void DeleteAffinity(DirectoryInfo affinity)
    {
        // SQLite pools connections: a pooled one would keep the store's file open.
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        affinity.Delete(recursive: true);
    }

    /// <summary>The port a listener of the config got (for <c>port: 0</c>).</summary>
    public int Port(int configuredPort = 0, string address = "127.0.0.1") => Runtime.Routers.ListeningEndpoint(address, configuredPort)!.Port;

    /// <summary>A client that follows no redirect and keeps no cookie, so tests see exactly what the router said.</summary>
    public static HttpClient Client(Func<HttpRequestMessage, System.Security.Cryptography.X509Certificates.X509Certificate2?, bool>? certificateCheck = null) => new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
        PooledConnectionLifetime = TimeSpan.FromMinutes(1),
    })
    {
        Timeout = TimeSpan.FromSeconds(20),
    };

    public async ValueTask DisposeAsync()
    {
        await Runtime.DisposeAsync();
        DeleteAffinity(_affinity);
    }

    public static string Url(int port, string pathAndQuery = "/") => $"http://127.0.0.1:{port}{pathAndQuery}";

    public static IPEndPoint Loopback(int port) => new(IPAddress.Loopback, port);
}
