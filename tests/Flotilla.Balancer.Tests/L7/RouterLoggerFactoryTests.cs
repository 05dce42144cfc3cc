using Flotilla.Balancer.L7.Serving;
using Microsoft.Extensions.Logging;

namespace Flotilla.Balancer.Tests.L7;

/// <summary>
/// The router's host must not see ASP.NET Core's hosting diagnostics as enabled: that starts an
/// Activity per request and a traceparent on every forwarded one (bench/RESULTS.md, "L7").
/// </summary>
public sealed class RouterLoggerFactoryTests
{
    [Fact]
    public void Hosting_diagnostics_log_nowhere_and_every_other_category_is_the_process_logger()
    {
        using var inner = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(new EverythingProvider()));
        using var router = new RouterLoggerFactory(inner);

        Assert.False(router.CreateLogger("Microsoft.AspNetCore.Hosting.Diagnostics").IsEnabled(LogLevel.Critical));
        Assert.True(inner.CreateLogger("Microsoft.AspNetCore.Hosting.Diagnostics").IsEnabled(LogLevel.Critical));
        Assert.True(router.CreateLogger("Yarp.ReverseProxy.Health.ActiveHealthCheckMonitor").IsEnabled(LogLevel.Warning));
        Assert.True(router.CreateLogger("Microsoft.AspNetCore.Server.Kestrel").IsEnabled(LogLevel.Critical));
    }

    private sealed class EverythingProvider : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Everything();

        public void Dispose()
        {
        }

        private sealed class Everything : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
            }
        }
    }
}
