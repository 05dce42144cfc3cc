namespace Flotilla.LoadTest.Http;

/// <summary>
/// k6's request timings, in milliseconds. <see cref="Duration"/> is sending + waiting + receiving,
/// as in k6 (connecting and TLS are reported apart); an open-model run measures it from the
/// intended send time instead, so a stalled generator or server cannot hide (coordinated omission).
/// </summary>
public readonly record struct HttpTimings(
    double Blocked, double Connecting, double TlsHandshaking, double Sending, double Waiting, double Receiving, double Duration);
