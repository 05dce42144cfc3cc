namespace Flotilla.Client;

/// <summary>
/// Where <c>flotillad</c> listens: <c>unix:/path/to.sock</c> or <c>http://127.0.0.1:PORT</c>
/// (docs/api.md). <see cref="Text"/> is the form the user wrote, for messages.
/// </summary>
public sealed record FlotillaEndpoint
{
    public const string Default = "unix:/run/flotilla/flotillad.sock";
    public const string EnvironmentVariable = "FLOTILLA_ENDPOINT";
    private const string UnixPrefix = "unix:";

    private FlotillaEndpoint(string text, string? socketPath, Uri baseAddress)
    {
        Text = text;
        SocketPath = socketPath;
        BaseAddress = baseAddress;
    }

    public string Text { get; }

    /// <summary>The UNIX socket's full path; null for a TCP endpoint.</summary>
    public string? SocketPath { get; }

    /// <summary>What requests are addressed to: <c>http://localhost/</c> over a UNIX socket.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The flag wins over the environment, the environment over the default.</summary>
    public static FlotillaEndpoint Resolve(string? flag, string? environment) =>
        Parse(!string.IsNullOrWhiteSpace(flag) ? flag : !string.IsNullOrWhiteSpace(environment) ? environment : Default);

    /// <exception cref="InvalidEndpointException">Neither <c>unix:PATH</c> nor an http(s) URL.</exception>
    public static FlotillaEndpoint Parse(string text)
    {
        text = text.Trim();
        if (text.StartsWith(UnixPrefix, StringComparison.Ordinal))
        {
            var path = text[UnixPrefix.Length..];
            // unix:///run/x.sock is how some tools write it; it names the same path.
            if (path.StartsWith("//", StringComparison.Ordinal)) path = path[2..];
            if (path.Length == 0) throw Invalid(text);
            return new FlotillaEndpoint(text, Path.GetFullPath(path), new Uri("http://localhost/"));
        }
        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            && uri.AbsolutePath == "/" && string.IsNullOrEmpty(uri.Query))
        {
            return new FlotillaEndpoint(text, null, uri);
        }
        throw Invalid(text);
    }

    public override string ToString() => Text;

    private static InvalidEndpointException Invalid(string text) =>
        new($"--endpoint: '{text}' is neither unix:/PATH/TO.sock nor http://127.0.0.1:PORT");
}
