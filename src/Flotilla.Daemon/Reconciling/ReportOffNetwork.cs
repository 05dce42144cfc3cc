namespace Flotilla.Daemon.Reconciling;

/// <summary>
/// The VM's taps died with <paramref name="Network"/>'s old namespace and it runs under <c>onCrash: preserve</c>: it is
/// left running, off that network, until its owner restarts it; say so once.
/// </summary>
internal sealed record ReportOffNetwork(string Network) : VmAction;
