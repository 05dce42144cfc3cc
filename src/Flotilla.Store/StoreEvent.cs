namespace Flotilla.Store;

/// <summary>One change: a put (with the value written) or a delete, at <see cref="Revision"/>.</summary>
public sealed record StoreEvent(StoreEventKind Kind, string Key, byte[]? Value, long Revision);
