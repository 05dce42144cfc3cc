namespace Flotilla.LoadTest.Results;

/// <summary>
/// Something that happened on the host while the run went (from flotillad's event stream, <c>--stack</c>): a probe
/// taking a member out, a balancer reload, a VM's state. <see cref="OffsetSeconds"/> is its time since the run's
/// start, on the timeline's axis; negative for an event just before the first request.
/// </summary>
public sealed record RunEvent(double OffsetSeconds, DateTimeOffset Time, string Type, string Object, string Message);
