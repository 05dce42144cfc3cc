using System.Diagnostics;
using Flotilla.Testing;

namespace Flotilla.EndToEnd.Tests.Setup;

/// <summary>
/// scripts/check-programs (run by scripts/setup at its end): every program the code, tests and scripts run comes from
/// a setup step. Issue 14: the balancer tests ran <c>busybox httpd</c> and setup never installed busybox.
/// </summary>
public sealed class CheckProgramsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("flotilla-check-programs-").FullName;

    [Fact]
    public async Task Every_program_run_here_comes_from_a_setup_step()
    {
        var (exit, output) = await RunAsync(null);
        Assert.True(exit == 0, output);
        Assert.Contains("programs the code, tests and scripts run come from setup's packages", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_package_list_without_busybox_fails_naming_busybox_and_the_test_that_runs_it()
    {
        var list = Path.Combine(_dir, "packages");
        var lines = await File.ReadAllLinesAsync(Path.Combine(LauncherProcess.RepositoryRoot, "scripts", "packages"));
        await File.WriteAllLinesAsync(list, lines.Where(l => !l.StartsWith("busybox ", StringComparison.Ordinal)));
        var (exit, output) = await RunAsync(list);
        Assert.Equal(1, exit);
        Assert.Contains("tests/Flotilla.EndToEnd.Tests/Lb/NamespacedHttpd.cs runs 'busybox', which no setup step provides", output, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static async Task<(int Exit, string Output)> RunAsync(string? packages)
    {
        var info = new ProcessStartInfo(Path.Combine(LauncherProcess.RepositoryRoot, "scripts", "check-programs"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (packages is not null) info.Environment["FLOTILLA_PACKAGES"] = packages;
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
