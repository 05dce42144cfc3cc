using Flotilla.Cli.Tests.Support;

namespace Flotilla.Cli.Tests.Commands.Stack;

/// <summary>
/// <c>flotilla apply --verify</c> refuses what it cannot verify before it applies anything: the endpoint is a socket
/// nobody listens on, so reaching the daemon would be exit 1, not the exit 2 of bad input.
/// </summary>
public sealed class ApplyVerifyCommandTests : IDisposable
{
    private const string Stack = """
        name: tiny
        vms:
          - name: web
            template: tiny-web
        outputs:
          url: http://127.0.0.1:8080/
        """;

    private readonly string _dir = Directory.CreateTempSubdirectory("flotilla-verify-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Verify_without_a_verify_block_is_one_error_and_exit_2_before_applying()
    {
        var file = Write("tiny.yaml", Stack);

        await using var cli = await FlotillaCli.RunAsync(["apply", "-f", file, "--verify", "--endpoint", Unreachable]);

        var line = FlotillaCli.AssertOneErrorLine(cli, 2);
        Assert.Equal("flotilla: --verify: tiny.yaml declares no verify: block, so there is nothing to verify (see docs/stack-file.md#verify)", line);
    }

    [Fact]
    public async Task A_threshold_the_load_tester_cannot_evaluate_is_refused_before_applying()
    {
        var file = Write("tiny.yaml", Stack + "\nverify:\n  thresholds:\n    http_req_waiting: p(95)<100\n");

        await using var cli = await FlotillaCli.RunAsync(["apply", "-f", file, "--verify", "--endpoint", Unreachable]);

        var line = FlotillaCli.AssertOneErrorLine(cli, 2);
        Assert.Contains("verify.thresholds: metric 'http_req_waiting' is not recorded", line);
    }

    [Theory]
    [InlineData("--verify-out", "/nonexistent-dir/v.json", true, "does not exist")]
    [InlineData("--verify-report", "v.html", false, "go with --verify")]
    public async Task The_verify_files_are_checked_before_applying(string flag, string path, bool verify, string mentions)
    {
        var file = Write("tiny.yaml", Stack + "\nverify:\n  vus: 1\n");

        await using var cli = await FlotillaCli.RunAsync(["apply", "-f", file, flag, Path.Combine(_dir, path), .. verify ? new[] { "--verify" } : [], "--endpoint", Unreachable]);

        Assert.Contains(mentions, FlotillaCli.AssertOneErrorLine(cli, 2));
    }

    [Fact]
    public async Task Plan_and_destroy_have_no_verify()
    {
        var file = Write("tiny.yaml", Stack);

        await using var cli = await FlotillaCli.RunAsync(["destroy", "-f", file, "--verify", "--endpoint", Unreachable]);

        Assert.Equal(2, cli.ExitCode);
        Assert.Contains("--verify", cli.StandardError);
    }

    private string Unreachable => "unix:" + Path.Combine(_dir, "nobody.sock");

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }
}
