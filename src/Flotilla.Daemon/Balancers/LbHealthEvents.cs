using Flotilla.Balancer.Contract.Status;

namespace Flotilla.Daemon.Balancers;

/// <summary>
/// Turns successive flotilla-lb statuses into <c>probe.up</c> / <c>probe.down</c> events: a member (of a rule, in a
/// namespace) that enters or leaves rotation. Members that appear are told as they are; after a daemon restart the
/// first status only seeds what is known, so re-adopting tells nothing twice. Draining members are not members.
/// </summary>
internal sealed class LbHealthEvents
{
    private Dictionary<(string Balancer, string Rule, string Address, string? Namespace), bool>? _known;

    public void Seed(StatusReport status) => _known = Members(status).ToDictionary(m => m.Key, m => m.Member.InRotation);

    public IReadOnlyList<(string Type, string Object, string Message)> Next(StatusReport status)
    {
        var now = Members(status).ToList();
        var events = new List<(string, string, string)>();
        var known = _known ?? [];
        foreach (var (key, member) in now)
        {
            if (known.TryGetValue(key, out var wasUp) && wasUp == member.InRotation) continue;
            var where = key.Namespace is { } ns ? $" in {ns}" : "";
            var why = !member.InRotation && member.LastProbeFailure is { Length: > 0 } failure ? $": {failure}" : "";
            events.Add((member.InRotation ? "probe.up" : "probe.down", $"balancer/{key.Balancer}", $"{member.Address}{where} (rule {key.Rule}) {member.Health}{why}"));
        }
        _known = now.ToDictionary(m => m.Key, m => m.Member.InRotation);
        return events;
    }

    public void Forget() => _known = null;

    private static IEnumerable<((string Balancer, string Rule, string Address, string? Namespace) Key, MemberStatus Member)> Members(StatusReport status) =>
        status.Rules.SelectMany(r => r.Members.Where(m => m.Health != "draining").Select(m => ((r.Balancer, r.Name, m.Address, m.Namespace), m)))
            .DistinctBy(m => m.Item1);
}
