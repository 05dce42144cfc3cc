using Flotilla.Daemon.Stacks;
using Microsoft.Extensions.Time.Testing;

namespace Flotilla.Daemon.Tests.Stacks;

/// <summary>Issue 15 §4: a second apply of a stack while the first ran printed "No changes."; it is refused, naming the first.</summary>
public sealed class StackLocksTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 7, 10, 41, 5, TimeSpan.Zero));

    [Fact]
    public void A_second_operation_on_a_busy_stack_is_refused_naming_the_first()
    {
        var locks = new StackLocks(_time);
        using var first = locks.Acquire("website", "apply");

        var busy = Assert.Throws<StackBusyException>(() => locks.Acquire("website", "destroy"));

        Assert.Equal("stack 'website' is busy: an apply of it has been running since 10:41:05 UTC; wait for it to finish (flotilla stack show website), then run this again", busy.Message);
    }

    [Fact]
    public void Other_stacks_are_not_held_and_a_finished_operation_frees_its_stack()
    {
        var locks = new StackLocks(_time);
        var first = locks.Acquire("website", "apply");
        using (locks.Acquire("shop", "destroy"))
        {
        }

        first.Dispose();
        first.Dispose();   // twice is once: it must not free a later holder's lock
        using var second = locks.Acquire("website", "apply");
        first.Dispose();
        Assert.Throws<StackBusyException>(() => locks.Acquire("website", "apply"));
    }
}
