namespace Flotilla.Store;

/// <summary>The lease expired, was revoked or never existed (etcd: <c>ErrLeaseNotFound</c>): grant a new one.</summary>
public sealed class StoreLeaseNotFoundException(long lease)
    : Exception($"store: lease {lease} is not held (expired, revoked or never granted): grant a new one")
{
    public long Lease { get; } = lease;
}
