namespace Flotilla.Api.Operations;

/// <summary>
/// Where a stored operation stands. <see cref="Running"/> lasts across a restart of the daemon that runs it: the
/// restarted daemon carries it on (<see cref="OperationView.Attempts"/> counts the runs).
/// </summary>
public enum OperationState
{
    Running,
    Succeeded,
    Failed,
}
