using Flotilla.Testing;

namespace Flotilla.EndToEnd.Tests.Hosting;

/// <summary>
/// <c>flotilla daemon status|stop</c> through the real CLI against a real flotillad this test starts, on its own data dir
/// and socket (never the machine's own daemon): stop returns once the process has exited, and a second stop, with
/// nothing running, says so and exits 0 (issue 14 §5: the quick start's daemon had no way to stop but pkill).
/// </summary>
public sealed class DaemonStopTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("flotillad-stop-").FullName;
    private LauncherProcess? _daemon;

    private string Socket => Path.Combine(_dir, "api.sock");

    public async Task InitializeAsync()
    {
        _daemon = LauncherProcess.Start("flotillad", ["--data-dir", Path.Combine(_dir, "data"), "--listen", $"unix:{Socket}", "--host", "e2e-stop"]);
        await Wait.UntilAsync(() =>
        {
            if (_daemon.HasExited) throw new InvalidOperationException($"flotillad exited: {_daemon.Output}");
            return File.Exists(Socket);
        }, TimeSpan.FromSeconds(120), "flotillad listening");
    }

    [Fact]
    public async Task Stop_waits_until_the_daemon_has_exited_and_a_second_stop_finds_nothing_to_stop()
    {
        var pid = _daemon!.Pid;
        await using (var status = await CliAsync("daemon", "status"))
        {
            Assert.True(status.ExitCode == 0, status.Output);
            Assert.StartsWith($"flotillad is running: pid {pid}, host e2e-stop, data {Path.Combine(_dir, "data")}, listening on unix:{Socket}, up ", status.StandardOutput, StringComparison.Ordinal);
        }

        await using (var stop = await CliAsync("daemon", "stop"))
        {
            Assert.True(stop.ExitCode == 0 && stop.StandardError.Length == 0, stop.Output);
            Assert.StartsWith($"flotillad stopped (pid {pid}, host e2e-stop, ", stop.StandardOutput, StringComparison.Ordinal);
            // Said only once it is true: the process is gone, its socket with it.
            Assert.True(_daemon.HasExited, "flotillad still runs after daemon stop returned");
        }
        await _daemon.WaitForExitAsync(TimeSpan.FromSeconds(5));
        Assert.True(_daemon.ExitCode == 0, _daemon.Output);
        Assert.False(File.Exists(Socket));

        await using (var again = await CliAsync("daemon", "stop"))
        {
            Assert.True(again.ExitCode == 0, again.Output);
            Assert.Equal($"flotillad is not running (nothing answers at unix:{Socket}); nothing to stop", again.StandardOutput.Trim());
        }
        await using (var status = await CliAsync("daemon", "status"))
        {
            Assert.True(status.ExitCode == 1, status.Output);
            Assert.StartsWith("flotilla: cannot reach flotillad at ", Assert.Single(status.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
        }
    }

    private async Task<LauncherProcess> CliAsync(params string[] args)
    {
        var cli = LauncherProcess.Start("flotilla", [.. args, "--endpoint", $"unix:{Socket}"], new Dictionary<string, string> { ["FLOTILLA_ENDPOINT"] = "", ["FLOTILLA_TOKEN"] = "" });
        await cli.WaitForExitAsync(TimeSpan.FromSeconds(60));
        return cli;
    }

    public async Task DisposeAsync()
    {
        if (_daemon is not null) await _daemon.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }
}
