using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Flotilla.EndToEnd.Tests.Vms;

/// <summary>The CLI's contract in short, for the storage tests: success prints to stdout, an error is one line and an exit code.</summary>
internal static class CliChecks
{
    /// <summary>Runs <c>bin/flotilla</c>; asserts exit 0; returns stdout.</summary>
    public static async Task<string> OkAsync(this DaemonFixture daemon, params string[] args)
    {
        await using var cli = await daemon.CliAsync(args);
        Assert.True(cli.ExitCode == 0, $"flotilla {string.Join(' ', args)}: exit {cli.ExitCode}: {cli.Output}");
        return cli.StandardOutput;
    }

    /// <summary>Runs <c>bin/flotilla</c> with <c>-o json</c>; asserts exit 0; returns the JSON.</summary>
    public static async Task<JsonNode> JsonAsync(this DaemonFixture daemon, params string[] args) =>
        JsonNode.Parse(await daemon.OkAsync([.. args, "-o", "json"]))!;

    /// <summary>Runs <c>bin/flotilla</c>; asserts the exit code, nothing on stdout and one <c>flotilla: …</c> line on stderr; returns it.</summary>
    public static async Task<string> FailsAsync(this DaemonFixture daemon, int exitCode, params string[] args)
    {
        await using var cli = await daemon.CliAsync(args);
        Assert.True(cli.ExitCode == exitCode, $"flotilla {string.Join(' ', args)}: exit {cli.ExitCode}, wanted {exitCode}: {cli.Output}");
        Assert.Equal("", cli.StandardOutput.Trim());
        var line = Assert.Single(cli.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("flotilla: ", line);
        return line;
    }

    /// <summary><c>qemu-img info</c> of a disk, as a person would check it.</summary>
    public static async Task<JsonNode> QemuImgInfoAsync(string disk)
    {
        using var process = Process.Start(new ProcessStartInfo("qemu-img", ["info", "--output=json", "-U", disk]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"qemu-img info {disk}: {errors}");
        return JsonNode.Parse(output)!;
    }

    /// <summary>Destroys (if it runs) and undefines each VM that exists; for a test's finally.</summary>
    public static async Task RemoveVmsAsync(this DaemonFixture daemon, params string[] names)
    {
        foreach (var name in names)
        {
            if (!(await daemon.Http.GetAsync($"/v1/vms/{name}")).IsSuccessStatusCode) continue;
            await daemon.PostAsync($"/v1/vms/{name}/destroy");
            await daemon.WaitForStateAsync(name, "stopped");
            await daemon.Http.DeleteAsync($"/v1/vms/{name}");
        }
    }
}
