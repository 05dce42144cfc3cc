using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Flotilla.Compute.Tests;

/// <summary>Hands each part of the host a <see cref="TestLogger{T}"/> on the test's output.</summary>
internal sealed class TestLoggerFactory(ITestOutputHelper? output) : ILoggerFactory
{
    public ILogger CreateLogger(string categoryName) => new TestLogger<HostCompute>(output);

    public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException("a test's log goes to its output only");

    public void Dispose()
    {
        // Nothing held.
    }
}
