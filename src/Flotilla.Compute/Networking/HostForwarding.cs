using Microsoft.Extensions.Logging;

namespace Flotilla.Compute.Networking;

/// <summary>
/// IPv4 forwarding in the host's network namespace, which nat networks' outbound traffic needs both ways (a reply
/// arrives on the host's uplink to the world and is forwarded into a namespace, so the per-interface <c>forwarding</c>
/// of the uplink veths alone is not enough). Turned on with the first nat network; when it was off before, a marker
/// under <see cref="MarkerDirectory"/> says so, and once no interface of that namespace holds an address of
/// <see cref="UplinkAddresses.Range"/> any more (no nat network of any flotillad on it is left), it is turned back off.
/// The marker is per network namespace (its inode), as the setting is: the lab's hosts each have their own.
/// </summary>
/// <param name="namespace">The network namespace to act in; null for this process's own (production).</param>
internal sealed partial class HostForwarding(string? @namespace, ILogger logger)
{
    public const string MarkerDirectory = "/run/flotilla";

    /// <summary>Turns forwarding on, noting first that it was off.</summary>
    public async Task EnableAsync(CancellationToken ct)
    {
        if (await ReadAsync(ct).ConfigureAwait(false)) return;
        Directory.CreateDirectory(MarkerDirectory);
        await File.WriteAllTextAsync(await MarkerAsync(ct).ConfigureAwait(false), "net.ipv4.ip_forward was 0 before flotilla's first nat network\n", ct).ConfigureAwait(false);
        await WriteAsync(true, ct).ConfigureAwait(false);
        Log.Enabled(logger);
    }

    /// <summary>Turns forwarding back off if this namespace's flotilla turned it on and no uplink is left to need it.</summary>
    /// <returns>Whether it was turned off.</returns>
    public async Task<bool> RestoreAsync(CancellationToken ct)
    {
        var marker = await MarkerAsync(ct).ConfigureAwait(false);
        if (!File.Exists(marker)) return false;
        var addresses = UplinkAddresses.FromIpJson(await Ip(ct, "-j", "-4", "addr", "show").ConfigureAwait(false));
        if (UplinkAddresses.IndexOf(addresses) is not null) return false;
        await WriteAsync(false, ct).ConfigureAwait(false);
        File.Delete(marker);
        Log.Restored(logger);
        return true;
    }

    /// <summary>The marker's path: one per network namespace, named after its inode (<c>net:[4026531840]</c>).</summary>
    public async Task<string> MarkerAsync(CancellationToken ct)
    {
        // This process's own namespace is read directly; another one (the tests') through a process inside it.
        var link = @namespace is null
            ? new FileInfo("/proc/self/ns/net").LinkTarget ?? ""
            : (await Run("readlink", ["/proc/self/ns/net"], ct).ConfigureAwait(false)).Trim();
        var inode = new string(link.Where(char.IsAsciiDigit).ToArray());
        return Path.Combine(MarkerDirectory, $"ip_forward-was-off.{inode}");
    }

    private async Task<bool> ReadAsync(CancellationToken ct) => (@namespace is null
        ? await File.ReadAllTextAsync("/proc/sys/net/ipv4/ip_forward", ct).ConfigureAwait(false)
        : await Run("sysctl", ["-n", "net.ipv4.ip_forward"], ct).ConfigureAwait(false)).Trim() == "1";

    private Task<string> WriteAsync(bool on, CancellationToken ct) => Run("sysctl", ["-qw", $"net.ipv4.ip_forward={(on ? 1 : 0)}"], ct);

    private Task<string> Run(string program, IReadOnlyList<string> arguments, CancellationToken ct) => @namespace is null
        ? NetTool.RunAsync(program, arguments, ct)
        : NetTool.ExecInAsync(@namespace, program, arguments, ct);

    private Task<string> Ip(CancellationToken ct, params string[] arguments) => @namespace is null
        ? NetTool.IpAsync(ct, arguments)
        : NetTool.IpInAsync(@namespace, ct, arguments);

    private static partial class Log
    {
        [LoggerMessage(EventId = 5303, Level = LogLevel.Warning, Message = "Enabled IPv4 forwarding on the host (net.ipv4.ip_forward=1) for nat networks' outbound traffic; it goes back off with the last nat network")]
        public static partial void Enabled(ILogger logger);

        [LoggerMessage(EventId = 5304, Level = LogLevel.Information, Message = "The last nat network is gone: IPv4 forwarding on the host is off again, as it was before (net.ipv4.ip_forward=0)")]
        public static partial void Restored(ILogger logger);
    }
}
