namespace Flotilla.Cli.Commands;

/// <summary>What <c>flotilla</c> exits with (mapped from errors in <see cref="CliError"/>).</summary>
internal static class ExitCodes
{
    public const int Ok = 0;
    /// <summary>
    /// The run could not start or failed for a reason outside the user's input: flotillad is not
    /// reachable or refused (409, 5xx, 401), a VM failed or crashed, a wait timed out.
    /// </summary>
    public const int Failed = 1;
    /// <summary>
    /// Bad input: a malformed URL, an unknown flag value, an unreadable or failing script, an
    /// unreadable --user-data file, a request flotillad rejects with 400 or 404.
    /// </summary>
    public const int BadInput = 2;
    /// <summary><c>stack show</c>: the stack exists and is not ready (its conditions say why).</summary>
    public const int NotReady = 3;
    /// <summary>A threshold failed (k6 exits 99 too).</summary>
    public const int ThresholdsFailed = 99;
    /// <summary>Ctrl-C or SIGTERM stopped the run (128 + SIGINT, as shells report it).</summary>
    public const int Interrupted = 130;
}
