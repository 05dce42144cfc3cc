using System.Text.Json.Serialization.Metadata;

namespace Flotilla.Compute.Qemu.Qmp;

/// <summary>An event's <c>data</c> as a record, read from a <see cref="QmpEvent"/> with <see cref="QmpEvent.TryRead{T}"/>.</summary>
public interface IQmpEvent<TSelf> where TSelf : IQmpEvent<TSelf>
{
    /// <summary>The event's name (<c>{"event": …}</c>).</summary>
    static abstract string Event { get; }

    static abstract JsonTypeInfo<TSelf> JsonType { get; }
}
