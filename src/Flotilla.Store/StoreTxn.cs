namespace Flotilla.Store;

/// <summary>
/// etcd's <c>TxnRequest</c> reduced to what Flotilla needs: when every compare holds, every op is applied at one new
/// revision, in order; otherwise nothing is written. A key may be written once per transaction (etcd refuses
/// duplicates too). etcd's failure branch is the compared keys' reads, returned in <see cref="StoreTxnResult.Current"/>.
/// </summary>
public sealed record StoreTxn(IReadOnlyList<StoreCompare> Compares, IReadOnlyList<StoreOp> Success);
