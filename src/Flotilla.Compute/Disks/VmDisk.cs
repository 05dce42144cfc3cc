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

    /// <summary>
    /// A new VM's disk holding what <paramref name="sourceDisk"/> holds now (<c>vm clone</c>; the source is stopped).
    /// An overlay cannot be put on the source itself, as virt-clone never does either: the source keeps changing once it
    /// runs again, and the clone's view of it would be corrupted. So the content is copied with <c>qemu-img convert</c>:
    /// <list type="bullet">
    /// <item>linked: <c>convert -O qcow2 -F qcow2 -B BASE SOURCE TARGET</c>, a new overlay on the template's base disk (which
    /// never changes) holding only what the source has written (thin: the source's delta, not the base). Where the source
    /// has no backing file (a full clone), every cluster it has is written, and unallocated ones become zero clusters,
    /// so the content is the source's either way.</item>
    /// <item>full: <c>convert -O qcow2 SOURCE TARGET</c>, a standalone copy with the backing chain flattened.</item>
    /// </list>
    /// The source's format is given, never probed from content a guest wrote. Internal snapshots are not copied: they hold the source's RAM, identity (MAC, instance-id) included.
    /// </summary>
    /// <exception cref="QemuMissingException">qemu-img is not installed.</exception>
    /// <exception cref="IOException">qemu-img failed (its message included), e.g. the source is in use.</exception>
    public static async Task CloneAsync(string sourceDisk, string baseDisk, string target, bool fullClone, CancellationToken cancellationToken)
    {
        var qemuImg = Qemu.QemuTools.Resolve(Qemu.QemuTools.QemuImg);
        string[] arguments = fullClone
            ? ["convert", "-q", "-f", "qcow2", "-O", "qcow2", sourceDisk, target]
            : ["convert", "-q", "-f", "qcow2", "-O", "qcow2", "-F", "qcow2", "-B", baseDisk, sourceDisk, target];
        var result = await Cli.Wrap(qemuImg).WithArguments(arguments)
            .WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync(cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0) throw new IOException($"qemu-img convert {sourceDisk} failed: {result.StandardError.Trim()}");
    }

    /// <summary>
    /// A standalone copy of <paramref name="sourceDisk"/> with its backing chain flattened (<c>qemu-img convert</c>), as
    /// a user template's base disk: no backing file, no internal snapshots.
    /// </summary>
    /// <exception cref="QemuMissingException">qemu-img is not installed.</exception>
    /// <exception cref="IOException">qemu-img failed (its message included).</exception>
    public static Task FlattenAsync(string sourceDisk, string target, CancellationToken cancellationToken) =>
        CloneAsync(sourceDisk, baseDisk: "", target, fullClone: true, cancellationToken);

    private static async Task CopyAsync(string source, string target, CancellationToken cancellationToken)
    {
        await using var from = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, useAsync: true);
        await using var to = new FileStream(target, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20, useAsync: true);
        await from.CopyToAsync(to, cancellationToken).ConfigureAwait(false);
        // The copy is the VM's own, writable whatever the template copy's mode.
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(target, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
    }
}
