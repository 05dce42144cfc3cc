using System.Diagnostics;

namespace Flotilla.Testing;

/// <summary>Waits for a condition with a deadline (cloud-hypervisor's wait_until), never a blind sleep.</summary>
public static class Wait
{
    public static async Task<TimeSpan> UntilAsync(Func<bool> condition, TimeSpan timeout, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"{what}: not true within {timeout.TotalSeconds:0.#}s");
            }

            await Task.Delay(20);
        }

        return clock.Elapsed;
    }

    /// <summary>The same for a condition that needs I/O (a request, a QMP query); each check runs to its end before the next.</summary>
    public static async Task<TimeSpan> UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"{what}: not true within {timeout.TotalSeconds:0.#}s");
            }

            await Task.Delay(20);
        }

        return clock.Elapsed;
    }
}
