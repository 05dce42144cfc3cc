namespace Flotilla.Store;

/// <summary>A key's value and revisions (etcd's create_revision, mod_revision and version).</summary>
public sealed record StoreEntry(string Key, byte[] Value, long CreateRevision, long ModRevision, long Version);
