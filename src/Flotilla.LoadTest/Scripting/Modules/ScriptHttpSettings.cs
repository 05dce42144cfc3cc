namespace Flotilla.LoadTest.Scripting.Modules;

/// <summary>The script options that shape every request of the <c>k6/http</c> module.</summary>
internal sealed record ScriptHttpSettings
{
    public static ScriptHttpSettings Default { get; } = new();

    /// <summary>Sent as <c>User-Agent</c> unless a request sets its own; null keeps the session's default.</summary>
    public string? UserAgent { get; init; }
    public int MaxRedirects { get; init; } = 10;
    /// <summary>k6's discardResponseBodies: <c>body</c> is null; bytes are still counted.</summary>
    public bool DiscardResponseBodies { get; init; }
    /// <summary>Requests of one <c>http.batch</c> in flight at once.</summary>
    public int Batch { get; init; } = 20;
}
