namespace Flotilla.Api.Events;

/// <summary>
/// Something that happened on this host, as <c>flotilla events</c> prints it. <see cref="Id"/> grows with every event
/// (gaps are possible, order never breaks), so a client resumes with <c>?since=ID</c>. <see cref="Type"/> is dotted,
/// kind first (<c>vm.state</c>, <c>lb.reloaded</c>, <c>probe.down</c>); <see cref="Object"/> is <c>KIND/NAME</c>.
/// </summary>
public sealed record HostEvent(long Id, DateTimeOffset Time, string Type, string Object, string Message);
