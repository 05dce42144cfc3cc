using Flotilla.Cli.Commands;
using Flotilla.Cli.Tests.Support;

namespace Flotilla.Cli.Tests.Commands;

/// <summary>
/// A mistyped command, at the top or in any group, is one line naming it and the nearest command, exit 2, through the
/// real <c>bin/flotilla</c> (issue 14 saw <c>flotilla: Required command was not provided.</c>). Nothing is sent: the
/// endpoint is a socket nobody listens on, so reaching for the daemon would be exit 1.
/// </summary>
public sealed class UnknownCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("flotilla-typo-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("aply", "flotilla: unknown command 'aply'; did you mean 'apply'?")]
    [InlineData("destory", "flotilla: unknown command 'destory'; did you mean 'destroy'?")]
    [InlineData("vm lsit", "flotilla: unknown command 'vm lsit'; did you mean 'vm list'?")]
    [InlineData("stack shwo", "flotilla: unknown command 'stack shwo'; did you mean 'stack show'?")]
    [InlineData("vm snapshot revrt web-1 booted", "flotilla: unknown command 'vm snapshot revrt'; did you mean 'vm snapshot revert'?")]
    [InlineData("nsg rule ad web", "flotilla: unknown command 'nsg rule ad'; did you mean 'nsg rule add'?")]
    [InlineData("xyz", "flotilla: unknown command 'xyz' (flotilla --help lists them)")]
    [InlineData("vm frobnicate web-1", "flotilla: unknown command 'vm frobnicate' (flotilla vm --help lists them)")]
    public async Task A_mistyped_command_is_one_line_with_the_nearest_and_exit_2(string typed, string expected)
    {
        await using var cli = await FlotillaCli.RunAsync([.. typed.Split(' '), "--endpoint", Unreachable]);

        Assert.Equal(expected, FlotillaCli.AssertOneErrorLine(cli, 2));
    }

    [Theory]
    [InlineData("vm list --bogus", "flotilla: Unrecognized command or argument '--bogus'.")]
    [InlineData("vm list extra", "flotilla: Unrecognized command or argument 'extra'.")]
    public async Task An_unknown_option_or_argument_keeps_its_own_line(string typed, string expected)
    {
        await using var cli = await FlotillaCli.RunAsync([.. typed.Split(' '), "--endpoint", Unreachable]);

        Assert.Equal(expected, FlotillaCli.AssertOneErrorLine(cli, 2));
    }

    [Theory]
    [InlineData("lsit", "list", 1)]
    [InlineData("aply", "apply", 1)]
    [InlineData("shwo", "show", 1)]
    [InlineData("list", "list", 0)]
    [InlineData("xyz", "vm", 3)]
    public void Distance_counts_a_swap_of_neighbours_as_one_edit(string a, string b, int distance)
    {
        Assert.Equal(distance, UnknownCommand.Distance(a, b));
    }

    private string Unreachable => "unix:" + Path.Combine(_dir, "nobody.sock");
}
