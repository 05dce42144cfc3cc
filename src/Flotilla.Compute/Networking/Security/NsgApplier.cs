using System.ComponentModel;
using CliWrap;
using CliWrap.Buffered;

namespace Flotilla.Compute.Networking.Security;

/// <summary>
/// Loads <see cref="NsgCompiler"/>'s script into a network's namespace with <c>ip netns exec NS nft -f -</c> (a child
/// process enters the namespace; this process never does). The script replaces Flotilla's tables in one transaction:
/// on any error nothing changes, and applying the same network twice leaves the same ruleset. Flows already
/// established are kept (conntrack is not flushed), as Azure keeps them across rule changes. Needs root.
/// </summary>
public static class NsgApplier
{
    /// <summary>Per namespace (default 1, but a namespace's creator may have turned it off): without it, frames between taps
    /// never reach the <c>ip</c> hooks and the groups judge only traffic to and from the namespace itself.</summary>
    public const string BridgeCallsIptables = "net.bridge.bridge-nf-call-iptables";

    /// <summary>Compiles <paramref name="network"/> and enforces it in <paramref name="networkNamespace"/>.</summary>
    /// <exception cref="NftException">The namespace, the kernel or nft refused (their message included).</exception>
    public static Task ApplyAsync(string networkNamespace, SecuredNetwork network, CancellationToken cancellationToken) =>
        ApplyScriptAsync(networkNamespace, NsgCompiler.Compile(network), cancellationToken);

    /// <summary>Removes Flotilla's tables from the namespace (nothing happens if they are absent): its traffic flows unfiltered.</summary>
    /// <exception cref="NftException">The namespace or nft refused.</exception>
    public static Task RemoveAsync(string networkNamespace, CancellationToken cancellationToken) =>
        NftAsync(networkNamespace, NsgCompiler.RemovalScript, cancellationToken);

    internal static async Task ApplyScriptAsync(string networkNamespace, string script, CancellationToken cancellationToken)
    {
        // Before the rules, so no bridged frame slips past rules that are loaded but not yet consulted.
        var sysctl = await RunAsync(["netns", "exec", networkNamespace, "sysctl", "-q", "-w", $"{BridgeCallsIptables}=1"], null, cancellationToken).ConfigureAwait(false);
        if (sysctl.ExitCode != 0)
        {
            throw new NftException($"cannot set {BridgeCallsIptables} in namespace {networkNamespace} (the kernel needs CONFIG_BRIDGE_NETFILTER): {Said(sysctl)}");
        }
        await NftAsync(networkNamespace, script, cancellationToken).ConfigureAwait(false);
    }

    private static async Task NftAsync(string networkNamespace, string script, CancellationToken cancellationToken)
    {
        var nft = await RunAsync(["netns", "exec", networkNamespace, "nft", "-f", "-"], script, cancellationToken).ConfigureAwait(false);
        if (nft.ExitCode != 0) throw new NftException($"nft -f in namespace {networkNamespace} failed (exit {nft.ExitCode}): {Said(nft)}");
    }

    private static async Task<BufferedCommandResult> RunAsync(string[] arguments, string? input, CancellationToken cancellationToken)
    {
        var command = Cli.Wrap("ip").WithArguments(arguments).WithValidation(CommandResultValidation.None);
        if (input is not null) command = command.WithStandardInputPipe(PipeSource.FromString(input));
        try
        {
            return await command.ExecuteBufferedAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Win32Exception e)
        {
            throw new NftException($"cannot run ip (iproute2): {e.Message}", e);
        }
    }

    private static string Said(BufferedCommandResult result) => $"{result.StandardError.Trim()} {result.StandardOutput.Trim()}".Trim();
}
