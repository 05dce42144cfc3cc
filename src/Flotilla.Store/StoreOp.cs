namespace Flotilla.Store;

/// <summary>
/// A write in a transaction's success branch. etcd: a <c>RequestOp</c> holding a <c>PutRequest</c> or a
/// <c>DeleteRangeRequest</c> for one key. Closed: only <see cref="Put"/> and <see cref="Delete"/> exist.
/// </summary>
public abstract record StoreOp
{
    private StoreOp(string key) => Key = key;

    public string Key { get; }

    /// <summary>
    /// Writes <see cref="Value"/>; with <see cref="Lease"/> (not 0) the key is deleted when that lease ends. A put
    /// without a lease detaches the key from the lease it had, as etcd's.
    /// </summary>
    public sealed record Put(string Key, ReadOnlyMemory<byte> Value, long Lease = 0) : StoreOp(Key);

    /// <summary>Deletes the key; nothing when it does not exist.</summary>
    public sealed record Delete(string Key) : StoreOp(Key);
}
