namespace Flotilla.Cli.Commands.Daemon;

/// <summary>
/// A process on this machine, known by its pid and its start time in clock ticks (field 22 of <c>/proc/PID/stat</c>),
/// so that a pid the kernel hands to a new process after this one exited is not taken for it.
/// </summary>
internal sealed record LocalProcess(int Pid, string StartTicks)
{
    /// <summary>The live process with this pid; null when there is none (or only a zombie left to reap).</summary>
    public static LocalProcess? Find(int pid) => Stat(pid) is { } stat && !Dead(stat.State) ? new LocalProcess(pid, stat.StartTicks) : null;

    public bool HasExited => Stat(Pid) is not { } stat || Dead(stat.State) || stat.StartTicks != StartTicks;

    private static bool Dead(char state) => state is 'Z' or 'X';

    private static (char State, string StartTicks)? Stat(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        // Field 2, the command name in parentheses, may hold spaces and ')': the fields after the last ')' are fixed.
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        return (fields[0][0], fields[19]);
    }
}
