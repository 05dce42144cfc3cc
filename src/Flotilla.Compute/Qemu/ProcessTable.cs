using System.Globalization;

namespace Flotilla.Compute.Qemu;

/// <summary>What <c>/proc</c> says about a process: its command line, its state and when it started.</summary>
internal static class ProcessTable
{
    /// <summary>The process's arguments, or null when it is gone or a zombie (a zombie has an empty cmdline).</summary>
    public static IReadOnlyList<string>? CommandLine(int pid)
    {
        try
        {
            var raw = File.ReadAllText($"/proc/{pid}/cmdline");
            return raw.Length == 0 ? null : raw.TrimEnd('\0').Split('\0');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The state letter (<c>R</c>, <c>S</c>, <c>Z</c>…), or null when the process is gone.</summary>
    public static char? State(int pid) => StatFields(pid) is { } fields ? fields[0][0] : null;

    /// <summary>Alive: it exists and is not a zombie waiting for its parent to reap it.</summary>
    public static bool IsAlive(int pid) => State(pid) is { } state && state is not ('Z' or 'X');

    /// <summary>When the process started (boot time plus its start in clock ticks), or null when it is gone.</summary>
    public static DateTimeOffset? StartTime(int pid)
    {
        if (StatFields(pid) is not { } fields) return null;
        // Field 22 of stat is starttime; fields[0] is field 3 (state).
        var ticks = long.Parse(fields[19], CultureInfo.InvariantCulture);
        var bootTime = File.ReadLines("/proc/stat").First(l => l.StartsWith("btime ", StringComparison.Ordinal))[6..];
        return DateTimeOffset.FromUnixTimeSeconds(long.Parse(bootTime, CultureInfo.InvariantCulture))
            .AddTicks(ticks * TimeSpan.TicksPerSecond / Libc.ClockTicksPerSecond);
    }

    /// <summary>The fields of <c>/proc/PID/stat</c> after the command name, which may itself hold spaces and parentheses.</summary>
    private static string[]? StatFields(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
