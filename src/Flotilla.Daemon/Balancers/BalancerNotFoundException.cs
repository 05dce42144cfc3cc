namespace Flotilla.Daemon.Balancers;

public sealed class BalancerNotFoundException(string name) : Exception($"no balancer named '{name}' (flotilla lb list shows them)")
{
    public string Name { get; } = name;
}
