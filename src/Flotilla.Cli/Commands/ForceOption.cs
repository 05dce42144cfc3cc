using System.CommandLine;

namespace Flotilla.Cli.Commands;

/// <summary><c>--force</c> on a delete verb: also remove a resource a stack owns (the daemon refuses it otherwise).</summary>
internal static class ForceOption
{
    public static Option<bool> Create(string what) => new("--force")
    {
        Description = $"Also delete a {what} a stack owns; the stack then reports it Missing until the next apply makes it again",
    };
}
