using System.Text.Json.Nodes;
using Flotilla.EndToEnd.Tests.Vms;
using Flotilla.Testing;

namespace Flotilla.EndToEnd.Tests.Api;

/// <summary>
/// docs/openapi.json is the running daemon's <c>/openapi/v1.json</c>, not a copy that drifts (issue 15 §1 found every
/// <c>/v1/stacks</c> path missing from it). With <c>FLOTILLA_UPDATE_OPENAPI=1</c> the test writes the file instead
/// (<c>scripts/update-openapi</c>); otherwise it fails naming the paths that differ.
/// </summary>
[Collection(VmCollection.Name)]
public sealed class OpenApiDocumentTests(DaemonFixture daemon)
{
    private static string Committed => Path.Combine(LauncherProcess.RepositoryRoot, "docs", "openapi.json");

    [Fact]
    public async Task The_committed_document_is_the_running_apis()
    {
        var served = JsonNode.Parse(await daemon.Http.GetStringAsync("/openapi/v1.json"))!;
        var text = served.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }) + "\n";
        if (Environment.GetEnvironmentVariable("FLOTILLA_UPDATE_OPENAPI") == "1")
        {
            await File.WriteAllTextAsync(Committed, text);
            return;
        }

        var committed = JsonNode.Parse(await File.ReadAllTextAsync(Committed))!;
        if (JsonNode.DeepEquals(served, committed)) return;
        var servedPaths = served["paths"]!.AsObject().Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
        var committedPaths = committed["paths"]!.AsObject().Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
        var changed = servedPaths.Intersect(committedPaths).Where(p => !JsonNode.DeepEquals(served["paths"]![p], committed["paths"]![p])).ToList();
        Assert.Fail("docs/openapi.json is not the running API's document (run scripts/update-openapi): " +
            $"missing {string.Join(", ", servedPaths.Except(committedPaths).Order())}; " +
            $"gone {string.Join(", ", committedPaths.Except(servedPaths).Order())}; " +
            $"changed {string.Join(", ", changed.Order())}; schemas equal: {JsonNode.DeepEquals(served["components"], committed["components"])}");
    }
}
