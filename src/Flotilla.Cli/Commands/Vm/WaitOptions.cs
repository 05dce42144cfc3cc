using System.CommandLine;
using Flotilla.Cli.Commands.Output;
using Flotilla.LoadTest.Execution;

namespace Flotilla.Cli.Commands.Vm;

/// <summary><c>--timeout</c> of a command that waits for a VM's status, and the wait itself with its progress line.</summary>
internal sealed class WaitOptions
{
    private readonly Option<string> _timeout = new("--timeout")
    {
        Description = "How long to wait for the status to follow (120s, 5m, or seconds)",
        DefaultValueFactory = _ => "120s",
    };

    public void AddTo(Command command) => command.Options.Add(_timeout);

    /// <exception cref="UserInputException">Not a duration.</exception>
    public TimeSpan Timeout(ParseResult parse)
    {
        var text = parse.GetValue(_timeout)!;
        return DurationText.TryParse(text, out var timeout) && timeout > TimeSpan.Zero
            ? timeout
            : throw new UserInputException($"--timeout: '{text}' is not a duration (120s, 5m, 90)");
    }

    /// <summary>Waits for <paramref name="goal"/>, with a spinner on a terminal.</summary>
    /// <returns>The VM as it reached the goal, or null for a transient VM that is gone.</returns>
    public static async Task<ApiResponse<Api.Vms.VmView>?> WaitAsync(FlotillaApiClient client, WaitGoal goal, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var name = goal.Accepted.Name;
        await using var spinner = Spinner.Start($"vm {name}: waiting until {goal.Description}");
        try
        {
            return await new VmStatusWaiter(client, TimeProvider.System)
                .WaitAsync(goal, timeout, spinner is null ? null : spinner.Update, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (cancellationToken.IsCancellationRequested)
        {
            throw new VmWaitException($"interrupted while waiting for vm {name} to be {goal.Description}; flotillad keeps working on it", interrupted: true, e);
        }
    }
}
