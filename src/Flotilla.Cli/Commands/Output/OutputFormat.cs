namespace Flotilla.Cli.Commands.Output;

/// <summary>What <c>-o</c> chose: aligned text for people, or the API's JSON for scripts.</summary>
internal enum OutputFormat
{
    Table,
    Json,
}
