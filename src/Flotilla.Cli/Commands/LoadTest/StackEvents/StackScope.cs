
namespace Flotilla.Cli.Commands.LoadTest.StackEvents;

/// <summary>
/// Which of the host's events concern a stack: those of its VMs (their <c>stack</c> tag), its balancers (their
/// <c>stack</c> label), the networks its VMs are on, the shared flotilla-lb process that serves its balancers, and
/// the stack itself. An event about a VM or balancer not known at the start (one an apply adds during the run) is
/// looked up once.
/// </summary>
internal sealed class StackScope
{
    /// <summary>The event object of the one flotilla-lb process (<c>LbSupervisor</c>): it serves every balancer.</summary>
    public const string LbProcess = "flotilla-lb";

    private const string StackLabel = "stack";

    private readonly FlotillaApiClient _client;
    private readonly Dictionary<string, bool> _objects = new(StringComparer.Ordinal);

    private StackScope(FlotillaApiClient client, string stack, IReadOnlyList<Balancer> balancers)
    {
        _client = client;
        Stack = stack;
        Balancers = balancers;
    }

    public string Stack { get; }

    /// <summary>The stack's balancers when the scope was read: where its frontend is.</summary>
    public IReadOnlyList<Balancer> Balancers { get; }

    /// <exception cref="UserInputException">The host has nothing of that stack.</exception>
    public static async Task<StackScope> ReadAsync(FlotillaApiClient client, string stack, CancellationToken cancellationToken)
    {
        var vms = (await client.ListVmsAsync(cancellationToken).ConfigureAwait(false)).Value.Where(v => v.Spec.Stack == stack).ToList();
        var balancers = (await client.ListBalancersAsync(cancellationToken).ConfigureAwait(false)).Value.Where(b => IsOf(b, stack)).ToList();
        if (vms.Count == 0 && balancers.Count == 0)
        {
            throw new UserInputException($"--stack: no stack '{stack}' on this host (no VM or balancer carries it; flotilla apply -f FILE makes one)");
        }
        var scope = new StackScope(client, stack, balancers);
        scope._objects["stack/" + stack] = true;
        foreach (var vm in vms) scope._objects["vm/" + vm.Name] = true;
        foreach (var network in vms.SelectMany(v => v.Spec.Nics).Select(n => n.Network)) scope._objects["network/" + network] = true;
        foreach (var balancer in balancers) scope._objects["balancer/" + balancer.Name] = true;
        if (balancers.Count > 0) scope._objects[LbProcess] = true;
        return scope;
    }

    /// <summary>Whether <paramref name="e"/> concerns the stack; an unknown VM or balancer is asked about once.</summary>
    public async Task<bool> ConcernsAsync(HostEvent e, CancellationToken cancellationToken)
    {
        if (_objects.TryGetValue(e.Object, out var known)) return known;
        var slash = e.Object.IndexOf('/');
        var (kind, name) = slash > 0 ? (e.Object[..slash], e.Object[(slash + 1)..]) : (e.Object, "");
        var concerns = kind switch
        {
            "vm" => await OwnsAsync(() => _client.GetVmAsync(name, cancellationToken), vm => vm.Spec.Stack == Stack).ConfigureAwait(false),
            "balancer" => await OwnsAsync(() => _client.GetBalancerAsync(name, cancellationToken), b => IsOf(b, Stack)).ConfigureAwait(false),
            _ => false,
        };
        if (concerns && kind == "balancer") _objects[LbProcess] = true;
        _objects[e.Object] = concerns;
        return concerns;
    }

    private static bool IsOf(Balancer balancer, string stack) => balancer.Spec.Labels.TryGetValue(StackLabel, out var owner) && owner == stack;

    /// <summary>A resource gone by the time it is asked about (404) belonged to no one still here.</summary>
    private static async Task<bool> OwnsAsync<T>(Func<Task<ApiResponse<T>>> get, Func<T, bool> owned)
    {
        try
        {
            return owned((await get().ConfigureAwait(false)).Value);
        }
        catch (ApiProblemException e) when (e.Status == 404)
        {
            return false;
        }
    }
}
