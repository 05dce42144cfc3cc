using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Flotilla.Compute.Tests;

/// <summary>Writes the runtime's log into the test's output, so a failing test shows what QEMU and the runtime did.</summary>
internal sealed class TestLogger<T>(ITestOutputHelper? output) : ILogger<T>
{
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => output is not null;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        try
        {
            output?.WriteLine($"{DateTime.Now:HH:mm:ss.fff} {logLevel}: {formatter(state, exception)}");
        }
        catch (InvalidOperationException)
        {
            // The test has ended; a VM's exit may be logged after it.
        }
    }
}
