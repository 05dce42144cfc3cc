using Flotilla.Cli.Tests.Support;

namespace Flotilla.Cli.Tests.Commands.Stack;

/// <summary>
/// <c>flotilla destroy</c> names its stack by NAME or by <c>-f FILE</c>, exactly one of them: otherwise one line and
/// exit 2 before the daemon is asked anything (the endpoint is a socket nobody listens on, which would be exit 1).
/// </summary>
public sealed class DestroyCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("flotilla-destroy-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Neither_a_name_nor_a_file_is_one_line_and_exit_2()
    {
        await using var cli = await FlotillaCli.RunAsync(["destroy", "--endpoint", Unreachable]);

        Assert.Equal("flotilla: destroy: which stack? give its NAME or -f FILE", FlotillaCli.AssertOneErrorLine(cli, 2));
    }

    [Fact]
    public async Task Both_a_name_and_a_file_is_one_line_and_exit_2()
    {
        var file = Path.Combine(_dir, "tiny.yaml");
        await File.WriteAllTextAsync(file, "name: tiny\n");

        await using var cli = await FlotillaCli.RunAsync(["destroy", "website", "-f", file, "--endpoint", Unreachable]);

        Assert.Equal("flotilla: destroy: give the stack's NAME ('website') or -f FILE, not both", FlotillaCli.AssertOneErrorLine(cli, 2));
    }

    [Fact]
    public async Task A_name_alone_goes_to_the_daemon()
    {
        await using var cli = await FlotillaCli.RunAsync(["destroy", "website", "--endpoint", Unreachable]);

        // Not refused as an unknown argument (issue 14): it reaches for flotillad, which is not there.
        Assert.Contains("cannot reach flotillad", FlotillaCli.AssertOneErrorLine(cli, 1));
    }

    private string Unreachable => "unix:" + Path.Combine(_dir, "nobody.sock");
}
