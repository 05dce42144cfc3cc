namespace Flotilla.Daemon.Security;

public sealed class SecurityGroupNotFoundException(string name) : Exception($"no network security group named '{name}' (flotilla nsg list shows them)");

public sealed class SecurityGroupExistsException(string name) : Exception($"a network security group named '{name}' exists already");

/// <summary>A group cannot go while a network or a NIC uses it.</summary>
public sealed class SecurityGroupInUseException(string name, IReadOnlyList<string> users) : Exception(
    $"network security group '{name}' is attached to {string.Join(", ", users)}: detach it first (flotilla nsg detach)");
