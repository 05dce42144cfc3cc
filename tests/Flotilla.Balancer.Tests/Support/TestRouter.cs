using System.Net;
using Flotilla.Balancer.Configuration;
using Flotilla.Balancer.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Flotilla.Balancer.Tests.Support;

/// <summary>An in-process flotilla-lb runtime with routers, configured from YAML, and a client for it.</summary>
public sealed class TestRouter : IAsyncDisposable
{
    private TestRouter(LbRuntime runtime) => Runtime = runtime;

    public LbRuntime Runtime { get; }

    public static async Task<TestRouter> StartAsync(string yaml)
    {
        var runtime = new LbRuntime(TimeProvider.System, NullLoggerFactory.Instance);
        try
        {
            await runtime.ApplyAsync(LbConfigReader.Parse(yaml), CancellationToken.None);
            return new TestRouter(runtime);
        }
        catch
        {
            await runtime.DisposeAsync();
            throw;
        }
    }

    public Task ReloadAsync(string yaml) => Runtime.ApplyAsync(LbConfigReader.Parse(yaml), CancellationToken.None);

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

    public ValueTask DisposeAsync() => Runtime.DisposeAsync();

    public static string Url(int port, string pathAndQuery = "/") => $"http://127.0.0.1:{port}{pathAndQuery}";

    public static IPEndPoint Loopback(int port) => new(IPAddress.Loopback, port);
}
