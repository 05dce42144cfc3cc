namespace Flotilla.Daemon.Reconciling;

/// <summary>A start must wait out the restart back-off: look again at <paramref name="Time"/>.</summary>
internal sealed record WaitUntil(DateTimeOffset Time) : VmAction;
