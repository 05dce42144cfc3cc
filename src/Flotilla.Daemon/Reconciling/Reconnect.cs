namespace Flotilla.Daemon.Reconciling;

/// <summary>
/// The VM's taps died with <paramref name="Network"/>'s old namespace and it runs under <c>onCrash: restart</c>: end its
/// QEMU at once and start a new one, whose taps join the rebuilt bridge. A restart the reconciler asked for, not a crash.
/// </summary>
internal sealed record Reconnect(string Network) : VmAction;
