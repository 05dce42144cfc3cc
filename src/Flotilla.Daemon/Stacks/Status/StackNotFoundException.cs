namespace Flotilla.Daemon.Stacks.Status;

public sealed class StackNotFoundException(string name) : Exception($"no stack named '{name}' on this host (nothing carries its tag; flotilla stack list shows them)")
{
    public string Name { get; } = name;
}
