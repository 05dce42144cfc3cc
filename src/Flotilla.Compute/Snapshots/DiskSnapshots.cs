using System.Text.Json;
using CliWrap;
using CliWrap.Buffered;
using Flotilla.Compute.Qemu;

namespace Flotilla.Compute.Snapshots;

/// <summary>
/// Snapshots of a stopped VM, made with <c>qemu-img snapshot</c> on its disk: <c>-c</c> create (disk only: a stopped
/// VM has no RAM), <c>-a</c> apply (revert), <c>-d</c> delete, and <c>qemu-img info --output=json</c> to list them.
/// Applying a snapshot that was taken with memory brings back its disk only; the next start is a cold boot.
/// The caller holds the VM's lock, so no QEMU starts on the disk meanwhile. The format is always given (<c>-f qcow2</c>, or image options):
/// qemu-img never guesses it from the content, which a guest controls.
/// </summary>
internal static class DiskSnapshots
{
    public static async Task<IReadOnlyList<SnapshotInfo>> ListAsync(string disk, CancellationToken cancellationToken)
    {
        if (!File.Exists(disk)) return [];
        var json = await QemuImgAsync(["info", "-f", "qcow2", "--output=json", disk], cancellationToken).ConfigureAwait(false);
        using var document = JsonDocument.Parse(json);
        return document.RootElement.TryGetProperty("snapshots", out var snapshots) ? SnapshotJson.Parse(snapshots) : [];
    }

    public static Task CreateAsync(string disk, string name, CancellationToken cancellationToken) =>
        QemuImgAsync(["snapshot", "-c", name, "--image-opts", ImageOptions(disk)], cancellationToken);

    public static Task RevertAsync(string disk, string name, CancellationToken cancellationToken) =>
        QemuImgAsync(["snapshot", "-a", name, "--image-opts", ImageOptions(disk)], cancellationToken);

    public static Task DeleteAsync(string disk, string name, CancellationToken cancellationToken) =>
        QemuImgAsync(["snapshot", "-d", name, "--image-opts", ImageOptions(disk)], cancellationToken);

    /// <summary><c>qemu-img snapshot</c> has no <c>-f</c>: the format goes in image options (a comma in the path doubled).</summary>
    private static string ImageOptions(string disk) => "driver=qcow2,file.filename=" + disk.Replace(",", ",,", StringComparison.Ordinal);

    /// <exception cref="IOException">qemu-img failed (its message included): a disk in use by another process, a corrupt image.</exception>
    private static async Task<string> QemuImgAsync(string[] arguments, CancellationToken cancellationToken)
    {
        var result = await Cli.Wrap(QemuTools.Resolve(QemuTools.QemuImg)).WithArguments(arguments)
            .WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync(cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0) throw new IOException($"qemu-img {string.Join(' ', arguments[..^1])} failed: {result.StandardError.Trim()}");
        return result.StandardOutput;
    }
}
