namespace Flotilla.LoadTest.Execution;

/// <summary>
/// A virtual user: runs one iteration at a time (a flags run's one request and its checks, or a
/// script's default function). Executors decide when; the VU decides what.
/// </summary>
public interface IVirtualUser : IDisposable
{
    /// <exception cref="OperationCanceledException">The run's hard stop fired mid-iteration.</exception>
    ValueTask RunIterationAsync(IterationContext iteration, CancellationToken cancellationToken);
}
