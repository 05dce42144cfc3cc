using System.Text;
using CliWrap;
using CliWrap.Buffered;

namespace Flotilla.Compute.Seeds;

/// <summary>
/// Writes a NoCloud seed as an ISO 9660 image labelled <c>cidata</c> (Joliet and Rock Ridge names), as
/// <c>images/tiny-web/seed</c> does: <c>genisoimage -V cidata -J -r -graft-points user-data=F meta-data=F …</c>.
/// QEMU attaches it read-only (savevm refuses writable disks that are not qcow2).
/// </summary>
internal static class SeedIso
{
    public const string VolumeLabel = "cidata";

    /// <exception cref="QemuMissingException">genisoimage is not installed.</exception>
    /// <exception cref="IOException">genisoimage failed.</exception>
    public static async Task WriteAsync(NoCloudSeed seed, string target, CancellationToken cancellationToken)
    {
        var genisoimage = Qemu.QemuTools.Resolve(Qemu.QemuTools.Genisoimage);
        var scratch = Directory.CreateTempSubdirectory("flotilla-seed-");
        try
        {
            var grafts = new List<string>();
            foreach (var (name, content) in seed.Files)
            {
                var file = Path.Combine(scratch.FullName, name);
                await File.WriteAllTextAsync(file, content, new UTF8Encoding(false), cancellationToken).ConfigureAwait(false);
                grafts.Add($"{name}={file}");
            }
            var result = await Cli.Wrap(genisoimage)
                .WithArguments(["-quiet", "-o", target, "-V", VolumeLabel, "-J", "-r", "-graft-points", .. grafts])
                .WithValidation(CommandResultValidation.None)
                .ExecuteBufferedAsync(cancellationToken).ConfigureAwait(false);
            if (result.ExitCode != 0) throw new IOException($"genisoimage {target} failed: {result.StandardError.Trim()}");
        }
        finally
        {
            scratch.Delete(recursive: true);
        }
    }
}
