using Flotilla.Cli.Tests.Support;

namespace Flotilla.Cli.Tests.Commands.Stack;

/// <summary>
/// A stack file YamlDotNet cannot parse is refused by the real <c>bin/flotilla</c> with one line and exit 2, before the
/// daemon is asked anything (the endpoint is a socket nobody listens on): issue 14 saw exit 134 and a stack trace.
/// </summary>
public sealed class BadStackFileCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("flotilla-bad-stack-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("plan")]
    [InlineData("apply")]
    [InlineData("destroy")]
    public async Task An_unclosed_flow_sequence_is_one_syntax_error_line_and_exit_2(string command)
    {
        var example = File.ReadAllText(Flotilla.Testing.Repository.Example("website.yaml"));
        var path = Path.Combine(_dir, "bad.yaml");
        File.WriteAllText(path, example.Replace("members: [\"web[*]\"]", "members: [[\"web[*]\"]", StringComparison.Ordinal));

        await using var cli = await FlotillaCli.RunAsync([command, "-f", path, "--endpoint", "unix:" + Path.Combine(_dir, "nobody.sock")]);

        var line = FlotillaCli.AssertOneErrorLine(cli, 2);
        Assert.StartsWith("flotilla: bad.yaml:45:18: YAML syntax error: ", line, StringComparison.Ordinal);
    }
}
