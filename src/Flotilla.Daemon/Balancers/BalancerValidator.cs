using System.Text.RegularExpressions;
using Flotilla.Balancer.Configuration;
using Flotilla.Core.Naming;
using Flotilla.Core.Specs;

namespace Flotilla.Daemon.Balancers;

/// <summary>
/// Judges a balancer the way flotilla-lb will: the host's whole config, with this balancer in it, goes through
/// flotilla-lb's own reader (so a frontend another balancer holds is caught too). The reader's one line names the
/// generated file's line; the user wrote a balancer, so the line is told by balancer and key instead:
/// <c>balancer 'web': rules[0].backendPool: unknown pool 'vmz' (known: vms)</c>.
/// </summary>
internal static partial class BalancerValidator
{
    /// <exception cref="InvalidBalancerException">flotilla-lb's reader, or the daemon, refuses it.</exception>
    public static void Validate(BalancerSpec candidate, IEnumerable<BalancerSpec> others, Func<string, bool> networkExists, Func<string, string> namespaceOf)
    {
        foreach (var (pool, i) in candidate.BackendPools.Select((p, i) => (p, i)))
        {
            if (pool.Network is null) continue;
            if (pool.Namespace is not null) throw Invalid(candidate, $"backendPools[{i}].network: give network or namespace, not both");
            if (!ResourceName.IsValid(pool.Network) || !networkExists(pool.Network))
            {
                throw Invalid(candidate, $"backendPools[{i}].network: no network named '{pool.Network}' (flotilla network list shows them)");
            }
        }
        var all = others.Where(o => o.Name != candidate.Name).Append(candidate).OrderBy(b => b.Name, StringComparer.Ordinal).ToList();
        // Port 0: the admin port is the daemon's to choose, and never clashes with a frontend.
        var text = LbConfigText.Render(0, all, namespaceOf);
        try
        {
            _ = LbConfigReader.Parse(text, "lb.yaml");
        }
        catch (SpecException e)
        {
            var match = BalancerKey().Match(e.Key);
            var owner = match.Success ? all[int.Parse(match.Groups[1].ValueSpan, System.Globalization.CultureInfo.InvariantCulture)] : candidate;
            var key = match.Success ? e.Key[match.Length..] : e.Key;
            throw Invalid(owner, key.Length == 0 ? e.Problem : $"{key}: {e.Problem}", e);
        }
    }

    private static InvalidBalancerException Invalid(BalancerSpec balancer, string problem, Exception? inner = null) =>
        new($"balancer '{balancer.Name}': {problem}", inner);

    [GeneratedRegex(@"^balancers\[(\d+)\]\.?")]
    private static partial Regex BalancerKey();
}
