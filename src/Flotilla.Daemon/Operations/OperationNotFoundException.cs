namespace Flotilla.Daemon.Operations;

/// <summary>No operation has the id (or it was pruned: the store keeps the newest <see cref="OperationRepository.Kept"/>).</summary>
public sealed class OperationNotFoundException(string id)
    : Exception($"no operation '{id}' on this host (flotilla operation list shows the newest {OperationRepository.Kept})");
