using System.Globalization;
using Flotilla.Api.Json;
using Flotilla.Cli.Commands.Output;

namespace Flotilla.Cli.Commands.Operation;

/// <summary>How operations read in the default (table) output.</summary>
internal static class OperationView
{
    private static readonly string[] Header = ["ID", "KIND", "STACK", "STATE", "CREATED", "TOOK", "RUNS", "STEP"];

    public static string Table(IEnumerable<Api.Operations.OperationView> operations) => TextTable.Render(Header, operations.Select(o => (IReadOnlyList<string>)
    [
        o.Id, WireText.Of(o.Kind), o.Stack, WireText.Of(o.State), o.Created.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        Took(o), o.Attempts.ToString(CultureInfo.InvariantCulture), o.State == OperationState.Failed ? o.Step ?? "-" : "-",
    ]));

    public static string Details(Api.Operations.OperationView operation) => TextTable.Fields(
    [
        ("id", operation.Id),
        ("kind", WireText.Of(operation.Kind)),
        ("stack", operation.Stack),
        ("host", operation.Host),
        ("state", WireText.Of(operation.State)),
        ("created", operation.Created.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture)),
        ("took", Took(operation)),
        ("runs", operation.Attempts.ToString(CultureInfo.InvariantCulture) + (operation.Attempts > 1 ? " (flotillad restarted while it ran)" : "")),
        .. operation.Error is null ? [] : new[] { ("error", operation.Error) },
        .. operation.Step is null || operation.State != OperationState.Failed ? [] : new[] { ("step", operation.Step) },
    ]);

    private static string Took(Api.Operations.OperationView operation) =>
        operation.Ended is { } ended ? ((ended - operation.Created).TotalSeconds).ToString("0.0 's'", CultureInfo.InvariantCulture) : "-";
}
