using Flotilla.Cli.Commands;
using Flotilla.Cli.Commands.Vm;
using Flotilla.LoadTest;

namespace Flotilla.Cli.Tests.Commands;

/// <summary>docs/api.md: "2 for bad input (400 and 404), 1 otherwise"; Ctrl-C is 130; a bug is not swallowed.</summary>
public sealed class CliErrorTests
{
    public static TheoryData<Exception, int> Errors => new()
    {
        { new UserInputException("--forward: bad"), 2 },
        { new LoadTestInputException("--vus: bad"), 2 },
        { new ApiProblemException("https://flotilla.dev/problems/invalid-name", 400, "bad name"), 2 },
        { new ApiProblemException("https://flotilla.dev/problems/vm-not-found", 404, "no VM"), 2 },
        { new ApiProblemException("https://flotilla.dev/problems/vm-running", 409, "running"), 1 },
        { new ApiProblemException("https://flotilla.dev/problems/insufficient-capacity", 409, "short of memory"), 1 },
        { new ApiProblemException("https://flotilla.dev/problems/qemu-missing", 503, "no qemu"), 1 },
        { new ApiProblemException("https://flotilla.dev/problems/unauthorized", 401, "token"), 1 },
        { new ApiProblemException(null, 500, "flotillad answered 500 Internal Server Error"), 1 },
        { new DaemonUnreachableException("cannot reach", new HttpRequestException()), 1 },
        { new ApiProtocolException("not JSON"), 1 },
        { new VmWaitException("vm web-1 failed: no disk"), 1 },
        { new VmWaitException("interrupted", interrupted: true), 130 },
    };

    [Theory]
    [MemberData(nameof(Errors))]
    public void Each_error_a_user_can_meet_has_its_exit_code(Exception exception, int exitCode)
    {
        var error = CliError.From(exception);
        Assert.NotNull(error);
        Assert.Equal(exitCode, error.ExitCode);
        Assert.Equal("flotilla: " + exception.Message, error.Line);
    }

    [Fact]
    public void A_bug_is_not_an_error_line()
    {
        Assert.Null(CliError.From(new NullReferenceException()));
    }

    [Fact]
    public void A_detail_over_several_lines_is_printed_as_one()
    {
        Assert.Equal("flotilla: qemu said: could not open disk", new CliError("qemu said:\n  could not open disk\n", 1).Line);
    }

    [Fact]
    public void Separate_statements_of_a_detail_stay_apart_on_its_line()
    {
        // Issue 14: two ownership conflicts read as one run-on sentence.
        Assert.Equal("flotilla: vm 'a' belongs to stack 'x'; vm 'b' belongs to no stack",
            new CliError("vm 'a' belongs to stack 'x'\nvm 'b' belongs to no stack", 1).Line);
    }
}
