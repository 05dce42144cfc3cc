using System.Collections.Concurrent;
using System.Globalization;

namespace Flotilla.Daemon.Stacks;

/// <summary>
/// One operation per stack at a time, as Terraform's state lock: an apply or destroy holds its stack from before its
/// plan to its last step, and a second one meanwhile is refused (<see cref="StackBusyException"/>) instead of planning
/// against a half-made stack (issue 15 saw a second apply print "No changes." while the first was still creating).
/// Held in memory: a daemon restart ends every operation it ran, and with it the lock.
/// </summary>
internal sealed class StackLocks(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Holder> _held = new(StringComparer.Ordinal);

    private sealed record Holder(string Operation, DateTimeOffset Since);

    /// <exception cref="StackBusyException">Another operation holds the stack.</exception>
    public IDisposable Acquire(string stack, string operation)
    {
        var holder = new Holder(operation, time.GetUtcNow());
        if (!_held.TryAdd(stack, holder))
        {
            var current = _held.TryGetValue(stack, out var h) ? h : holder;
            throw new StackBusyException(stack, current.Operation, current.Since);
        }
        return new Release(() => _held.TryRemove(new KeyValuePair<string, Holder>(stack, holder)));
    }

    private sealed class Release(Action release) : IDisposable
    {
        private int _done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0) release();
        }
    }
}

/// <summary>A stack is being applied or destroyed by another request.</summary>
public sealed class StackBusyException(string stack, string operation, DateTimeOffset since) : Exception(string.Create(CultureInfo.InvariantCulture,
    $"stack '{stack}' is busy: {(operation == "apply" ? "an apply" : "a " + operation)} of it has been running since {since:HH:mm:ss} UTC; wait for it to finish (flotilla stack show {stack}), then run this again"));
