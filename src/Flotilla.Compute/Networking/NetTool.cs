using CliWrap;
using CliWrap.Buffered;

namespace Flotilla.Compute.Networking;

/// <summary>
/// Runs <c>ip</c>, <c>nft</c> and <c>sysctl</c> (iproute2, nftables, procps) for the network runtime. A namespace's
/// commands run as <c>ip netns exec NS …</c> or <c>ip -n NS …</c>: in a child process, never by <c>setns</c> in
/// this one (ARCHITECTURE.md, the namespace trap).
/// </summary>
internal static class NetTool
{
    /// <exception cref="NetworkSetupException">The command failed; its stderr is in the message.</exception>
    public static async Task<string> RunAsync(string program, IReadOnlyList<string> arguments, CancellationToken cancellationToken, string? input = null)
    {
        var result = await TryAsync(program, arguments, cancellationToken, input).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            throw new NetworkSetupException($"`{program} {string.Join(' ', arguments)}` failed: {result.StandardError.Trim()}");
        }
        return result.StandardOutput;
    }

    public static async Task<BufferedCommandResult> TryAsync(string program, IReadOnlyList<string> arguments, CancellationToken cancellationToken, string? input = null)
    {
        var command = Cli.Wrap(Qemu.QemuTools.Resolve(program)).WithArguments(arguments).WithValidation(CommandResultValidation.None);
        if (input is not null) command = command.WithStandardInputPipe(PipeSource.FromString(input));
        return await command.ExecuteBufferedAsync(cancellationToken).ConfigureAwait(false);
    }

    public static Task<string> IpAsync(CancellationToken cancellationToken, params string[] arguments) => RunAsync("ip", arguments, cancellationToken);

    /// <summary><c>ip</c> in <paramref name="namespace"/> (<c>ip -n NS …</c>).</summary>
    public static Task<string> IpInAsync(string @namespace, CancellationToken cancellationToken, params string[] arguments) =>
        RunAsync("ip", ["-n", @namespace, .. arguments], cancellationToken);

    /// <summary>A program run inside <paramref name="namespace"/> (<c>ip netns exec NS PROGRAM …</c>).</summary>
    public static Task<string> ExecInAsync(string @namespace, string program, IReadOnlyList<string> arguments, CancellationToken cancellationToken, string? input = null) =>
        RunAsync("ip", ["netns", "exec", @namespace, program, .. arguments], cancellationToken, input);

    public static async Task<bool> LinkExistsAsync(string? @namespace, string link, CancellationToken cancellationToken)
    {
        string[] arguments = @namespace is null ? ["link", "show", "dev", link] : ["-n", @namespace, "link", "show", "dev", link];
        return (await TryAsync("ip", arguments, cancellationToken).ConfigureAwait(false)).ExitCode == 0;
    }
}
