namespace Flotilla.Store;

/// <summary>
/// A transaction's condition: <see cref="Key"/>'s mod revision is <see cref="ModRevision"/> (0: the key does not
/// exist), as <see cref="IStore.PutAsync(string, ReadOnlyMemory{byte}, long?, CancellationToken)"/>'s
/// <c>ifModRevision</c>. etcd: <c>Compare { target: MOD, result: EQUAL, key, mod_revision }</c>.
/// </summary>
public sealed record StoreCompare(string Key, long ModRevision);
