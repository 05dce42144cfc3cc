namespace Flotilla.Daemon.Hosting;

/// <summary>Where the API listens: <c>unix:/path.sock</c> (the default; no token, the socket is 0600) or <c>http://127.0.0.1:PORT</c> (token required).</summary>
public sealed record ListenAddress(string? SocketPath, Uri? Http)
{
    public const string Default = "unix:/run/flotilla/flotillad.sock";

    public bool IsUnix => SocketPath is not null;

    /// <exception cref="ArgumentException">Neither form.</exception>
    public static ListenAddress Parse(string text)
    {
        if (text.StartsWith("unix:", StringComparison.Ordinal) && text.Length > 5 && Path.IsPathRooted(text[5..]))
        {
            return new ListenAddress(text[5..], null);
        }
        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttp && uri.AbsolutePath == "/")
        {
            return new ListenAddress(null, uri);
        }
        throw new ArgumentException($"--listen: '{text}' is neither unix:/ABSOLUTE/PATH.sock nor http://ADDRESS:PORT");
    }

    public override string ToString() => IsUnix ? $"unix:{SocketPath}" : Http!.ToString();
}
