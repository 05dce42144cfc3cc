using System.Text.RegularExpressions;
using CliWrap;
using CliWrap.Buffered;

namespace Flotilla.Compute.Qemu;

/// <summary>Finds the programs the runtime needs on PATH, and asks QEMU its version.</summary>
internal static partial class QemuTools
{
    public const string QemuImg = "qemu-img";
    public const string Genisoimage = "genisoimage";

    /// <summary>The full path of <paramref name="program"/> (a path, or a name looked up on PATH).</summary>
    /// <exception cref="QemuMissingException">Not installed.</exception>
    public static string Resolve(string program)
    {
        if (program.Contains('/'))
        {
            return File.Exists(program) ? Path.GetFullPath(program) : throw new QemuMissingException(program);
        }
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/bin:/usr/bin:/bin").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, program);
            if (File.Exists(candidate)) return candidate;
        }
        throw new QemuMissingException(program);
    }

    /// <summary><c>qemu-system-x86_64 --version</c>: "QEMU emulator version 7.2.22 (Debian …)" → 7.2.22.</summary>
    public static async Task<string> VersionAsync(string qemuBinary, CancellationToken cancellationToken)
    {
        var result = await Cli.Wrap(Resolve(qemuBinary)).WithArguments("--version")
            .WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync(cancellationToken).ConfigureAwait(false);
        return ParseVersion(result.StandardOutput)
            ?? throw new InvalidOperationException($"{qemuBinary} --version said: {result.StandardOutput.Trim()} {result.StandardError.Trim()}");
    }

    internal static string? ParseVersion(string text) => VersionPattern().Match(text) is { Success: true } m ? m.Groups[1].Value : null;

    [GeneratedRegex(@"version (\d+\.\d+\.\d+)")]
    private static partial Regex VersionPattern();
}
