using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Flotilla.Balancer.L7.Serving;

/// <summary>
/// The logger factory a router's host gets: the process's own, except that ASP.NET Core's
/// per-request hosting diagnostics log nowhere.
/// </summary>
/// <remarks>
/// Why: ASP.NET Core starts an <c>Activity</c> for every request as soon as its
/// <c>Microsoft.AspNetCore.Hosting.Diagnostics</c> logger is enabled at <c>Critical</c>, which any
/// factory with a console provider is. With that Activity current, <c>SocketsHttpHandler</c>'s
/// diagnostics handler starts a second one per forwarded request and adds a <c>traceparent</c>
/// header to it. That cost about 3 µs of CPU per request, a few % of the router's throughput
/// (bench/RESULTS.md, "L7"); those log lines (request starting/finished) are filtered out anyway.
/// A client's own <c>traceparent</c> is still passed on as a header.
/// </remarks>
internal sealed class RouterLoggerFactory(ILoggerFactory inner) : ILoggerFactory
{
    private const string HostingDiagnostics = "Microsoft.AspNetCore.Hosting.Diagnostics";

    public ILogger CreateLogger(string categoryName) =>
        categoryName == HostingDiagnostics ? NullLogger.Instance : inner.CreateLogger(categoryName);

    /// <summary>Providers belong to the process's factory, which the router does not own.</summary>
    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    /// <summary>The process's factory outlives the router; the router's host must not dispose it.</summary>
    public void Dispose()
    {
    }
}
