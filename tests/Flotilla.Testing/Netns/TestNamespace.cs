namespace Flotilla.Testing.Netns;

/// <summary>
/// A network namespace a test owns (<c>fltest-PID-N</c>, loopback up), deleted on dispose with whatever it holds.
/// Anything a test builds in it (veths, bridges, addresses) dies with it, so a failed test leaves nothing behind.
/// </summary>
public sealed class TestNamespace : IDisposable
{
    private static int s_next;

    public TestNamespace(string? prefix = null)
    {
        Name = $"{prefix ?? "fltest"}-{Environment.ProcessId}-{Interlocked.Increment(ref s_next)}";
        Sh.Run($"ip netns add {Name} && ip -n {Name} link set lo up");
    }

    public string Name { get; }

    /// <summary>Runs <paramref name="command"/> (a shell command line) inside the namespace.</summary>
    public string Exec(string command, bool check = true) => Sh.Run($"ip netns exec {Name} sh -c '{command.Replace("'", "'\\''", StringComparison.Ordinal)}'", check);

    public void Dispose() => Sh.Run($"ip netns del {Name}", check: false);
}
