using CliWrap;
using CliWrap.Buffered;

namespace Flotilla.Compute.Disks;

/// <summary>
/// A VM's own disk, made from its template's base disk: by default a linked clone, a qcow2 overlay whose backing file
/// is the base (copy-on-write: thin, made in milliseconds); or a full clone, an independent copy.
/// </summary>
internal static class VmDisk
{
    /// <exception cref="QemuMissingException">qemu-img is not installed.</exception>
    /// <exception cref="IOException">qemu-img failed (its message included).</exception>
    public static async Task CreateAsync(string baseDisk, string target, bool fullClone, CancellationToken cancellationToken)
    {
        if (fullClone)
        {
            await CopyAsync(baseDisk, target, cancellationToken).ConfigureAwait(false);
            return;
        }
        var qemuImg = Qemu.QemuTools.Resolve(Qemu.QemuTools.QemuImg);
        var result = await Cli.Wrap(qemuImg)
            .WithArguments(["create", "-q", "-f", "qcow2", "-F", "qcow2", "-b", baseDisk, target])
            .WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync(cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0) throw new IOException($"qemu-img create {target} failed: {result.StandardError.Trim()}");
    }

    private static async Task CopyAsync(string source, string target, CancellationToken cancellationToken)
    {
        await using var from = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, useAsync: true);
        await using var to = new FileStream(target, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20, useAsync: true);
        await from.CopyToAsync(to, cancellationToken).ConfigureAwait(false);
        // The copy is the VM's own, writable whatever the template copy's mode.
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(target, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
    }
}
