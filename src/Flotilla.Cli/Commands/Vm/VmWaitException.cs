namespace Flotilla.Cli.Commands.Vm;

/// <summary>
/// A wait ended without its goal: the VM failed or crashed, or the time ran out (exit 1), or
/// Ctrl-C stopped the wait (<see cref="Interrupted"/>, exit 130). The verb itself stands.
/// </summary>
internal sealed class VmWaitException(string message, bool interrupted = false, Exception? inner = null) : Exception(message, inner)
{
    public bool Interrupted { get; } = interrupted;
}
