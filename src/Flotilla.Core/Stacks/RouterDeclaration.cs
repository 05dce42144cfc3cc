using System.Net;
using Flotilla.Core.Specs;

namespace Flotilla.Core.Stacks;

/// <summary>
/// An item of <c>routers:</c>: an application request router in flotilla-lb's own keys (docs/flotilla-lb.md), kept as
/// a JSON tree so that flotilla-lb's reader, on the daemon, is the one judge of them; only what a stack adds is read
/// here: farms whose members are the stack's VMs, listener endpoints (checked against balancer frontends), and paths
/// made absolute from the stack file's folder.
/// </summary>
public sealed record RouterDeclaration
{
    /// <summary>As a balancer's frontend: loopback unless the stack says otherwise (flotilla-lb's own default is 0.0.0.0).</summary>
    public const string DefaultListenerAddress = "127.0.0.1";

    public required string Name { get; init; }

    /// <summary>
    /// The router's keys as written, with listener addresses defaulted to 127.0.0.1 and paths made absolute, but
    /// without <c>name</c> and without each farm's <c>members</c>, <c>network</c> and <c>port</c> (those are <see cref="Farms"/>).
    /// </summary>
    public required string Definition { get; init; }

    public IReadOnlyList<FarmDeclaration> Farms { get; init; } = [];

    /// <summary>Listeners whose address and port could be read; a malformed one is flotilla-lb's reader's to report.</summary>
    public IReadOnlyList<(IPAddress Address, int Port, SpecOrigin Origin)> Listeners { get; init; } = [];

    /// <summary>
    /// Where each key of the router was written, by its path inside the router (<c>rules[1].match.path</c>), so that
    /// an error of flotilla-lb's reader about the generated config can name the stack file's line.
    /// </summary>
    public IReadOnlyDictionary<string, SpecLocation> Locations { get; init; } = new Dictionary<string, SpecLocation>();

    public required SpecOrigin Origin { get; init; }

    /// <summary>
    /// The stack file's place for a key of flotilla-lb's config inside this router: the longest written prefix of
    /// <paramref name="key"/> (a member of an expanded <c>app[*]</c>, or a defaulted key, points at what holds it).
    /// </summary>
    public SpecLocation LocationOf(string key)
    {
        for (var path = key; path.Length > 0; path = Parent(path))
        {
            if (Locations.TryGetValue(path, out var location)) return location;
        }

        return Origin.Location;
    }

    private static string Parent(string path)
    {
        var cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
        return cut <= 0 ? "" : path[..cut];
    }
}
