using Flotilla.Cli.Commands.Output;

namespace Flotilla.Cli.Commands.Stack;

/// <summary>How stack statuses read in the default (table) output.</summary>
internal static class StackStatusView
{
    private static readonly string[] Header = ["NAME", "READY", "RESOURCES", "REASON"];
    private static readonly string[] ConditionHeader = ["RESOURCE", "CONDITION", "STATUS", "REASON", "MESSAGE"];

    public static string Table(IEnumerable<Api.Stacks.Status.StackStatus> stacks) => TextTable.Render(Header, stacks.Select(s => (IReadOnlyList<string>)
    [
        s.Name, s.Ready ? "yes" : "no", $"{s.Resources.Count(r => r.Ready)}/{s.Resources.Count}", s.Ready ? "-" : $"{s.Reason}: {s.Message}",
    ]));

    public static string Details(Api.Stacks.Status.StackStatus stack)
    {
        var fields = TextTable.Fields(
        [
            ("name", stack.Name),
            ("ready", stack.Ready ? "yes" : $"no: {stack.Message}"),
            ("resources", $"{stack.Resources.Count(r => r.Ready)} of {stack.Resources.Count} ready"),
        ]);
        var rows = stack.Resources.SelectMany(r => r.Conditions.Count == 0
            ? [(IReadOnlyList<string>)[$"{r.Kind} {r.Name}", "-", "-", "-", "-"]]
            : r.Conditions.Select(c => (IReadOnlyList<string>)[$"{r.Kind} {r.Name}", c.Type, c.Status, c.Reason ?? "-", c.Message ?? "-"])).ToList();
        return fields + "\n" + TextTable.Render(ConditionHeader, rows);
    }
}
