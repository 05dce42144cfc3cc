namespace Flotilla.Compute;

/// <summary>QEMU did not come up: it exited at start, or never opened its QMP socket. <see cref="LogTail"/> is the end of its stderr log.</summary>
public sealed class VmStartException : Exception
{
    public VmStartException(string vmName, string problem, IReadOnlyList<string> logTail, Exception? inner = null)
        : base($"VM '{vmName}' did not start: {problem}" + (logTail.Count == 0 ? "" : ": " + string.Join(" | ", logTail)), inner)
    {
        VmName = vmName;
        LogTail = logTail;
    }

    public string VmName { get; }
    public IReadOnlyList<string> LogTail { get; }
}
