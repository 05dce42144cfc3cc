using System.Collections.Concurrent;
using Flotilla.LoadTest.Execution;
using Microsoft.Extensions.Time.Testing;

namespace Flotilla.LoadTest.Tests.Support;

/// <summary>
/// VUs whose iterations take <c>work</c> of fake time and log when they started and how late
/// they were against their intended start (what a request's latency would include).
/// </summary>
internal sealed class FakeVirtualUsers(FakeTimeProvider time, TimeSpan work) : IVirtualUserFactory
{
    public ConcurrentQueue<(int Vu, IterationContext Iteration, TimeSpan Late)> Started { get; } = new();
    public int Created => _created;
    private int _created;

    public IVirtualUser Create(int id, ScenarioSpec scenario)
    {
        Interlocked.Increment(ref _created);
        return new Vu(this, id);
    }

    private sealed class Vu(FakeVirtualUsers owner, int id) : IVirtualUser
    {
        public async ValueTask RunIterationAsync(IterationContext iteration, CancellationToken cancellationToken)
        {
            var late = iteration.IntendedStart is { } intended ? owner._time.GetElapsedTime(intended) : TimeSpan.Zero;
            owner.Started.Enqueue((id, iteration, late));
            if (owner._work > TimeSpan.Zero) await Task.Delay(owner._work, owner._time, cancellationToken);
        }

        public void Dispose() { }
    }

    private readonly FakeTimeProvider _time = time;
    private readonly TimeSpan _work = work;
}
