using Flotilla.Api.Operations;
using Flotilla.Api.Stacks;

namespace Flotilla.Daemon.Operations;

/// <summary>
/// An operation as the store keeps it under <c>operations/ID</c>: what the API shows (<see cref="OperationView"/>),
/// and what a restarted daemon needs to carry it on: the stack file of an apply (a destroy needs only the stack's name).
/// </summary>
internal sealed record StoredOperation
{
    public required OperationView View { get; init; }
    public StackSource? Source { get; init; }

    public string Id => View.Id;

    public bool Ended => View.State != OperationState.Running;

    /// <summary>The step that started last and has not ended: where an interrupted or failed operation stood.</summary>
    public string? CurrentStep
    {
        get
        {
            string? current = null;
            foreach (var line in View.Progress)
            {
                if (line is StackStep { State: "started" } started) current = started.Text ?? $"{started.Kind} {started.Name}";
                else if (line is StackStep { State: "done" }) current = null;
            }
            return current;
        }
    }

    public StoredOperation Tell(StackProgress line) => this with { View = View with { Progress = [.. View.Progress, line] } };
}
