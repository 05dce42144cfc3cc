namespace Flotilla.LoadTest.Http;

/// <summary>How a VU's session makes its requests.</summary>
public sealed record HttpSessionOptions
{
    /// <summary>Keep connections alive across iterations (k6's default); off opens one per request, as curl in a loop does.</summary>
    public bool ReuseConnections { get; init; } = true;

    /// <summary>Per request, from sending to the last byte, connecting included (k6's default is 60 s).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Body bytes kept per response for checks and scripts; the rest is counted, not kept.</summary>
    public int BodyLimit { get; init; } = 1024 * 1024;

    /// <summary>Response headers are kept for scripts; a flags run needs only the framing ones.</summary>
    public bool KeepHeaders { get; init; }

    /// <summary>Accept any TLS certificate (k6's insecureSkipTLSVerify).</summary>
    public bool InsecureSkipTlsVerify { get; init; }
}
