using System.Text.Json;
using CliWrap;
using CliWrap.Buffered;

namespace Flotilla.Compute.Disks;

/// <summary><c>qemu-img info --output=json</c> of a qcow2 disk.</summary>
internal static class QemuImgInfo
{
    /// <summary>
    /// Reads a disk that a running QEMU may hold: <c>-U</c> (force share) skips the image lock, which is safe for
    /// reading the header. The format is given, never probed from content a guest wrote.
    /// </summary>
    /// <exception cref="QemuMissingException">qemu-img is not installed.</exception>
    /// <exception cref="IOException">qemu-img failed (its message included).</exception>
    public static async Task<DiskInfo> ReadAsync(string disk, CancellationToken cancellationToken)
    {
        var qemuImg = Qemu.QemuTools.Resolve(Qemu.QemuTools.QemuImg);
        var result = await Cli.Wrap(qemuImg).WithArguments(["info", "-U", "--output=json", "-f", "qcow2", disk])
            .WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync(cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0) throw new IOException($"qemu-img info {disk} failed: {result.StandardError.Trim()}");
        return Parse(result.StandardOutput, disk, new FileInfo(disk).Length);
    }

    internal static DiskInfo Parse(string json, string path, long fileBytes)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        return new DiskInfo
        {
            Path = path,
            VirtualBytes = root.GetProperty("virtual-size").GetInt64(),
            AllocatedBytes = root.TryGetProperty("actual-size", out var actual) ? actual.GetInt64() : fileBytes,
            FileBytes = fileBytes,
            BackingFile = root.TryGetProperty("full-backing-filename", out var full) ? full.GetString()
                : root.TryGetProperty("backing-filename", out var backing) ? backing.GetString() : null,
        };
    }
}
