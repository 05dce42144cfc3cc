namespace Flotilla.Core.Vms;

/// <summary>What the user wants a VM to be doing (its spec); the reconciler makes the world follow.</summary>
public enum PowerState
{
    Stopped,
    Running,
    Paused,
}
