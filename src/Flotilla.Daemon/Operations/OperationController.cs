using System.Collections.Concurrent;
using Flotilla.Api.Operations;
using Flotilla.Api.Stacks;
using Flotilla.Core.Stacks;
using Flotilla.Daemon.Api;
using Flotilla.Daemon.Stacks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Flotilla.Daemon.Operations;

/// <summary>
/// Carries out stored operations (issue 15 §4). The endpoint takes the stack (<see cref="OperationRepository.ClaimAsync"/>),
/// makes the plan while the request waits, so a file that cannot be planned is refused with its line and nothing is
/// stored, and answers 202 with the operation; from there the operation runs on the daemon's own time, not the
/// request's: a client that hangs up or is killed changes nothing, and any client can watch it. Each progress line is
/// stored as it is told. When the daemon stops (or dies) mid-way the operation stays running in the store, and the
/// next start of this host's daemon carries it on: it plans again from what exists, as a second apply would, and
/// gives up, failed with the step it stood at, after <see cref="MaxAttempts"/> runs.
/// </summary>
internal sealed partial class OperationController(
    OperationRepository operations, StackCommands commands, DaemonState daemon, TimeProvider time, ILogger<OperationController> logger) : BackgroundService
{
    public const int MaxAttempts = 3;

    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<string, Task> _running = new(StringComparer.Ordinal);

    /// <summary>What a run carries out: an apply's plan with its stack, or a destroy's plan.</summary>
    private sealed record Work(StackPlan Plan, DesiredStack? Desired);

    /// <exception cref="Flotilla.Core.Specs.SpecException">The file does not parse.</exception>
    /// <exception cref="StackBusyException">Another operation holds the stack.</exception>
    public async Task<OperationView> ApplyAsync(StackSource source, CancellationToken ct)
    {
        var operation = New(OperationKind.Apply, StackCommands.NameOf(source), source);
        return await StartAsync(operation, () => PlanApplyAsync(source, ct), ct).ConfigureAwait(false);
    }

    /// <param name="mustExist">By name: a name no stack has is refused (a typo must not read as a destroy that succeeded).</param>
    public Task<OperationView> DestroyAsync(string stack, bool mustExist, CancellationToken ct) =>
        StartAsync(New(OperationKind.Destroy, stack, null), async () => new Work(await commands.PlanDestroyAsync(stack, mustExist, ct).ConfigureAwait(false), null), ct);

    private StoredOperation New(OperationKind kind, string stack, StackSource? source)
    {
        var now = time.GetUtcNow();
        return new StoredOperation
        {
            View = new OperationView { Id = OperationIds.New(now), Kind = kind, Stack = stack, Host = daemon.HostName, State = OperationState.Running, Created = now, Attempts = 1 },
            Source = source,
        };
    }

    private async Task<OperationView> StartAsync(StoredOperation operation, Func<Task<Work>> plan, CancellationToken ct)
    {
        // Held from before the plan: a plan made while another operation changes the stack would be wrong.
        await operations.ClaimAsync(operation, ct).ConfigureAwait(false);
        Work work;
        try
        {
            work = await plan().ConfigureAwait(false);
        }
        catch
        {
            await operations.DiscardAsync(operation, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
        Run(operation, work);
        return operation.View;
    }

    private void Run(StoredOperation operation, Work? work)
    {
        LogStarted(operation.Id, operation.View.Kind, operation.View.Stack, operation.View.Attempts);
        var run = Task.Run(() => RunAsync(operation, work, _stop.Token));
        _running[operation.Id] = run;
        _ = run.ContinueWith(_ => _running.TryRemove(operation.Id, out var _), TaskScheduler.Default);
    }

    private async Task RunAsync(StoredOperation operation, Work? work, CancellationToken ct)
    {
        var id = operation.Id;
        Task Tell(StackProgress line) => operations.TellAsync(id, line, CancellationToken.None);
        try
        {
            work ??= operation.View.Kind == OperationKind.Apply
                ? await PlanApplyAsync(operation.Source!, ct).ConfigureAwait(false)
                : new Work(await commands.PlanDestroyAsync(operation.View.Stack, mustExist: false, ct).ConfigureAwait(false), null);
            if (work.Desired is { } desired) await commands.ApplyAsync(desired, work.Plan, Tell, ct).ConfigureAwait(false);
            else await commands.DestroyAsync(work.Plan, Tell, ct).ConfigureAwait(false);
            await Tell(new StackDone()).ConfigureAwait(false);
            await operations.EndAsync(id, OperationState.Succeeded, null, CancellationToken.None).ConfigureAwait(false);
            LogEnded(id, OperationState.Succeeded, null);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The daemon stops: the operation stays running in the store, and its next start carries it on.
            LogInterrupted(id);
        }
        catch (Exception e)
        {
            var type = ProblemTypes.For(e)?.Type;
            try
            {
                await Tell(new StackFailed(e.Message, type is null ? null : ProblemTypes.Base + type)).ConfigureAwait(false);
                await operations.EndAsync(id, OperationState.Failed, e.Message, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception store)
            {
                LogNotRecorded(id, store.Message);
            }
            LogEnded(id, OperationState.Failed, e.Message);
        }
    }

    private async Task<Work> PlanApplyAsync(StackSource source, CancellationToken ct)
    {
        var (desired, plan) = await commands.PlanAsync(source, ct).ConfigureAwait(false);
        return new Work(plan, desired);
    }

    /// <summary>This host's operations that a stop or a crash interrupted: each carried on, or failed once it has had its runs.</summary>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        foreach (var interrupted in (await operations.ListAsync(stoppingToken).ConfigureAwait(false)).Where(o => !o.Ended && o.View.Host == daemon.HostName))
        {
            if (_running.ContainsKey(interrupted.Id)) continue;
            var step = interrupted.CurrentStep;
            if (interrupted.View.Attempts >= MaxAttempts)
            {
                var why = $"flotillad stopped {interrupted.View.Attempts} times while this {interrupted.View.Kind.ToString().ToLowerInvariant()} ran" + (step is null ? "" : $", the last time at: {step}");
                await operations.TellAsync(interrupted.Id, new StackFailed(why, null), stoppingToken).ConfigureAwait(false);
                await operations.EndAsync(interrupted.Id, OperationState.Failed, why, stoppingToken).ConfigureAwait(false);
                LogEnded(interrupted.Id, OperationState.Failed, why);
                continue;
            }
            var attempt = interrupted.View.Attempts + 1;
            var resumed = await operations.UpdateAsync(interrupted.Id, o => (o with { View = o.View with { Attempts = attempt } }).Tell(new StackResumed(attempt, step)), stoppingToken).ConfigureAwait(false);
            Run(resumed, null);
        }
    }

    /// <summary>Running operations end here, their state left running in the store for the next start.</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_running.Values).WaitAsync(cancellationToken).ConfigureAwait(false);
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    public override void Dispose()
    {
        _stop.Dispose();
        base.Dispose();
    }

    [LoggerMessage(6301, LogLevel.Information, "operation {Id}: {Kind} of stack {Stack} started (run {Attempt})")]
    private partial void LogStarted(string id, OperationKind kind, string stack, int attempt);

    [LoggerMessage(6302, LogLevel.Information, "operation {Id}: {State} {Error}")]
    private partial void LogEnded(string id, OperationState state, string? error);

    [LoggerMessage(6303, LogLevel.Information, "operation {Id}: interrupted by the daemon's stop; its next start carries it on")]
    private partial void LogInterrupted(string id);

    [LoggerMessage(6304, LogLevel.Warning, "operation {Id}: its end could not be recorded: {Reason}")]
    private partial void LogNotRecorded(string id, string reason);
}
