using System.Globalization;
using Flotilla.Cli.Commands.Output;

namespace Flotilla.Cli.Commands.Lb;

/// <summary>How balancers read in the default (table) output.</summary>
internal static class LbView
{
    private static readonly string[] Header = ["NAME", "FRONTENDS", "UP", "DOWN", "PROCESS", "LIVE"];
    private static readonly string[] MemberHeader = ["RULE", "FRONTEND", "MEMBER", "NAMESPACE", "HEALTH", "FLOWS"];

    public static string Table(IEnumerable<Api.Balancers.Balancer> balancers) => TextTable.Render(Header, balancers.Select(b => (IReadOnlyList<string>)
    [
        b.Name, Frontends(b), Count(b.Status.MembersUp), Count(b.Status.MembersDown), Process(b.Status), b.Status.Live ? "yes" : "no",
    ]));

    public static string Details(Api.Balancers.Balancer balancer)
    {
        var fields = TextTable.Fields(
        [
            ("name", balancer.Name),
            ("frontends", Frontends(balancer)),
            ("labels", balancer.Spec.Labels.Count == 0 ? "-" : string.Join(", ", balancer.Spec.Labels.Select(l => $"{l.Key}: {l.Value}"))),
            ("flotilla-lb", Process(balancer.Status)),
            ("live", balancer.Status.Live ? $"yes (revision {balancer.Revision})" : $"no: revision {balancer.Revision} is not in flotilla-lb's config yet"),
            ("members", $"{balancer.Status.MembersUp} up, {balancer.Status.MembersDown} down"),
            ("message", balancer.Status.Message ?? "-"),
        ]);
        var rows = balancer.Status.Rules.SelectMany(r => r.Members.Select(m => (IReadOnlyList<string>)
            [r.Name, r.Frontend, m.Address, m.Namespace ?? "-", m.LastProbeFailure is { } why && !m.InRotation ? $"{m.Health} ({why})" : m.Health, Count((int)m.ActiveFlows)])).ToList();
        return rows.Count == 0 ? fields + "no members reported yet\n" : fields + "\n" + TextTable.Render(MemberHeader, rows);
    }

    /// <summary>A balancer's rules' frontends, or a router's listeners (<c>http/127.0.0.1:8088</c>, <c>https/…</c>).</summary>
    private static string Frontends(Api.Balancers.Balancer b) => b.Spec.Router is { } router
        ? string.Join(", ", router.Listeners.Select(l => $"{(l.Tls is null ? "http" : "https")}/{l.Address ?? "0.0.0.0"}:{l.Port}"))
        : string.Join(", ", b.Spec.Rules.Select(r => $"{r.Protocol ?? "tcp"}/{b.Spec.FrontendAddress ?? "127.0.0.1"}:{r.FrontendPort}"));

    private static string Process(Api.Balancers.BalancerStatus s) => s.Pid is { } pid ? $"{s.Process} (pid {pid})" : s.Process;

    private static string Count(int n) => n.ToString(CultureInfo.InvariantCulture);
}
