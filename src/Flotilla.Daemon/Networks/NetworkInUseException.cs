namespace Flotilla.Daemon.Networks;

/// <summary>A network cannot go while VMs have NICs on it.</summary>
public sealed class NetworkInUseException(string name, IReadOnlyList<string> vms) : Exception(
    $"network '{name}' is in use by VM{(vms.Count > 1 ? "s" : "")} {string.Join(", ", vms.Select(v => $"'{v}'"))}: undefine {(vms.Count > 1 ? "them" : "it")} first");
