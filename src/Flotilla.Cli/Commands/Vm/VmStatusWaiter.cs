
namespace Flotilla.Cli.Commands.Vm;

/// <summary>
/// Polls <c>GET /v1/vms/{name}</c> every 200 ms until the status reaches a <see cref="WaitGoal"/>.
/// A VM that turns <c>failed</c> or <c>crashed</c> ends the wait with its status message; a daemon
/// that restarts meanwhile is waited for (VMs keep running across daemon restarts).
/// </summary>
internal sealed class VmStatusWaiter(FlotillaApiClient client, TimeProvider time)
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    /// <returns>The VM as it reached the goal, or null when it is gone and that counts (a transient VM).</returns>
    /// <exception cref="VmWaitException">It failed, crashed, or the time ran out.</exception>
    /// <exception cref="ApiProblemException">flotillad refused the GET (the VM was undefined meanwhile).</exception>
    public async Task<ApiResponse<Api.Vms.VmView>?> WaitAsync(WaitGoal goal, TimeSpan timeout, Action<string>? progress, CancellationToken cancellationToken)
    {
        var name = goal.Accepted.Name;
        var started = time.GetTimestamp();
        // A VM that was already failed or crashed when the verb was accepted still shows that until the
        // reconciler acts: only a newer revision, or a state in between, makes a failure news.
        var staleFailure = IsBroken(goal.Accepted.Status.State);
        var last = $"it is {VmView.State(goal.Accepted.Status.State)}";
        while (true)
        {
            try
            {
                var current = await client.GetVmAsync(name, cancellationToken).ConfigureAwait(false);
                var vm = current.Value;
                if (goal.IsReached(vm)) return current;
                if (IsBroken(vm.Status.State))
                {
                    if (!staleFailure || vm.Revision > goal.Accepted.Revision) throw new VmWaitException(Broken(vm));
                }
                else
                {
                    staleFailure = false;
                }
                last = vm.Status.Message is { Length: > 0 } message ? $"it is {VmView.State(vm.Status.State)}: {message}" : $"it is {VmView.State(vm.Status.State)}";
                progress?.Invoke($"vm {name}: {VmView.State(vm.Status.State)}, waiting until {goal.Description}");
            }
            catch (ApiProblemException e) when (e.Status == 404 && goal.GoneIsReached)
            {
                return null;
            }
            catch (DaemonUnreachableException e)
            {
                last = e.Message;
                progress?.Invoke($"vm {name}: flotillad unreachable, retrying");
            }

            if (time.GetElapsedTime(started) >= timeout)
            {
                throw new VmWaitException($"vm {name} is not {goal.Description} after {timeout.TotalSeconds:0.#} s ({last}); flotillad keeps working on it");
            }
            await Task.Delay(PollInterval, time, cancellationToken).ConfigureAwait(false);
        }
    }

    private static bool IsBroken(VmState state) => state is VmState.Failed or VmState.Crashed;

    private static string Broken(Api.Vms.VmView vm) => vm.Status.Message is { Length: > 0 } message
        ? $"vm {vm.Name} {VmView.State(vm.Status.State)}: {message}"
        : $"vm {vm.Name} {VmView.State(vm.Status.State)} (flotillad gave no reason; see flotilla vm console {vm.Name})";
}
