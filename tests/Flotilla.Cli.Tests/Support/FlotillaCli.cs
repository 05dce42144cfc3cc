using Flotilla.Testing;

namespace Flotilla.Cli.Tests.Support;

/// <summary>The real <c>bin/flotilla</c>, with the endpoint and token variables cleared unless a test sets them.</summary>
public static class FlotillaCli
{
    public static async Task<LauncherProcess> RunAsync(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal) { ["FLOTILLA_ENDPOINT"] = "", ["FLOTILLA_TOKEN"] = "" };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) variables[name] = value;
        var process = LauncherProcess.Start("flotilla", args, variables);
        await process.WaitForExitAsync(TimeSpan.FromSeconds(60));
        return process;
    }

    /// <summary>The error contract: nothing on stdout, one <c>flotilla: …</c> line on stderr, the exit code.</summary>
    public static string AssertOneErrorLine(LauncherProcess cli, int exitCode)
    {
        Assert.True(cli.ExitCode == exitCode, $"exit {cli.ExitCode}, wanted {exitCode}: {cli.Output}");
        Assert.Equal("", cli.StandardOutput.Trim());
        var line = Assert.Single(cli.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("flotilla: ", line);
        return line;
    }

    /// <summary>Success: exit 0, and nothing on stderr (no progress line when stderr is not a terminal).</summary>
    public static void AssertOk(LauncherProcess cli)
    {
        Assert.True(cli.ExitCode == 0, $"exit {cli.ExitCode}: {cli.Output}");
        Assert.Equal("", cli.StandardError);
    }
}
