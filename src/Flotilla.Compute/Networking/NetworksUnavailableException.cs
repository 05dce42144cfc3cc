namespace Flotilla.Compute.Networking;

/// <summary>Virtual networks need root (CAP_NET_ADMIN): without it, only QEMU's user-mode networking works.</summary>
public sealed class NetworksUnavailableException() : Exception(
    "virtual networks need root (CAP_NET_ADMIN to make namespaces, bridges and taps): run flotillad as root; " +
    "without it only user networking is available (vm create --forward HOST:GUEST)");
