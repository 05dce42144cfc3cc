using Flotilla.Compute.Disks;
using Flotilla.Compute.Images;
using Flotilla.Compute.Pools;
using Flotilla.Compute.Qemu;
using Flotilla.Compute.Seeds;
using Flotilla.Core.Vms;

namespace Flotilla.Compute.Vms;

/// <summary>
/// Makes a VM's directory: its disk (a linked or full clone of the template's base disk, or of another VM's disk for
/// <c>vm clone</c>, made once and kept), its NoCloud seed (rewritten each time, so it follows the spec), and the record
/// of the template build it boots. A new VM is assembled in a staging directory renamed into place, so a failure
/// leaves no VM directory; a missing piece of an existing one is written beside it and renamed in.
/// </summary>
internal sealed class VmPreparer(VmLayout layout, TemplateCatalog catalog, TemplateStore store, UserTemplateStore userTemplates)
{
    /// <param name="placement">Where a new disk goes; null for the VM's own directory (the default pool). An existing
    /// VM keeps its disk where it is.</param>
    /// <exception cref="IOException">The VM's disk is in a pool but its directory is gone, so where is unknown.</exception>
    public async Task<PreparedVm> PrepareAsync(VmSpec spec, DiskPlacement? placement, CancellationToken cancellationToken)
    {
        var paths = layout.For(spec.Name);
        var template = await TemplateOfAsync(paths, spec, cancellationToken).ConfigureAwait(false);
        QemuTools.Resolve(QemuTools.QemuImg);
        QemuTools.Resolve(QemuTools.Genisoimage);
        if (!Directory.Exists(paths.Dir))
        {
            if (placement is null && spec.Pool != VmSpec.DefaultPool)
            {
                throw new IOException($"VM '{spec.Name}' has its disk in pool '{spec.Pool}', but its directory {paths.Dir} is gone");
            }
            await AssembleAsync(paths, spec, template.Record, placement, t => VmDisk.CreateAsync(template.Files.BaseDisk, t, spec.FullClone, cancellationToken), cancellationToken).ConfigureAwait(false);
            return new PreparedVm(paths, template.Files);
        }
        if (VolumeLink.Target(paths.Disk) is { } volume)
        {
            // A pool's disk that has gone missing is made again where the link says, as a missing own disk is.
            if (!File.Exists(volume)) await WriteBesideAsync(volume, t => VmDisk.CreateAsync(template.Files.BaseDisk, t, spec.FullClone, cancellationToken)).ConfigureAwait(false);
        }
        else if (!File.Exists(paths.Disk))
        {
            await WriteBesideAsync(paths.Disk, t => VmDisk.CreateAsync(template.Files.BaseDisk, t, spec.FullClone, cancellationToken)).ConfigureAwait(false);
        }
        await WriteBesideAsync(paths.Seed, t => SeedIso.WriteAsync(NoCloudSeed.For(spec), t, cancellationToken)).ConfigureAwait(false);
        if (!File.Exists(paths.TemplateRecord) || (await File.ReadAllTextAsync(paths.TemplateRecord, cancellationToken).ConfigureAwait(false)).Trim() != template.Record)
        {
            await WriteBesideAsync(paths.TemplateRecord, t => File.WriteAllTextAsync(t, template.Record + "\n", cancellationToken)).ConfigureAwait(false);
        }
        return new PreparedVm(paths, template.Files);
    }

    /// <summary>
    /// Makes <paramref name="clone"/>'s directory from <paramref name="source"/>'s disk as it is now (the source is
    /// stopped; the caller holds both VMs' locks): a linked clone is a new overlay on the source's template build holding
    /// the source's changes, a full clone a standalone copy (<see cref="VmDisk.CloneAsync"/>). The clone boots the same
    /// template build as its source and gets its own seed. A source never started has no disk yet: the clone then starts
    /// from the template, as the source would.
    /// </summary>
    /// <exception cref="IOException">qemu-img failed, or a directory for the clone exists already.</exception>
    public async Task CloneAsync(VmSpec source, VmSpec clone, DiskPlacement? placement, CancellationToken cancellationToken)
    {
        var from = layout.For(source.Name);
        var to = layout.For(clone.Name);
        if (Directory.Exists(to.Dir)) throw new IOException($"{to.Dir} exists already");
        var template = await TemplateOfAsync(from, source, cancellationToken).ConfigureAwait(false);
        QemuTools.Resolve(QemuTools.QemuImg);
        QemuTools.Resolve(QemuTools.Genisoimage);
        await AssembleAsync(to, clone, template.Record, placement, t => File.Exists(from.Disk)
            ? VmDisk.CloneAsync(from.Disk, template.Files.BaseDisk, t, clone.FullClone, cancellationToken)
            : VmDisk.CreateAsync(template.Files.BaseDisk, t, clone.FullClone, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// A new VM's directory, assembled in a staging directory and renamed into place: whole, or not at all. With a
    /// <paramref name="placement"/>, the disk is written beside its final name in the pool, the staging directory gets a
    /// <c>disk.qcow2</c> link to that name, and the disk is renamed in just before the directory; a failure removes both.
    /// </summary>
    private async Task AssembleAsync(VmPaths paths, VmSpec spec, string templateRecord, DiskPlacement? placement, Func<string, Task> writeDisk, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(layout.VmsDir);
        var staging = Path.Combine(layout.VmsDir, $".{spec.Name}.staging-{Guid.NewGuid():N}");
        var volume = placement?.DiskFor(spec.Name);
        var volumeStaging = placement is null ? null : Path.Combine(placement.Directory, $".{spec.Name}.staging-{Guid.NewGuid():N}.qcow2");
        var volumeMoved = false;
        Directory.CreateDirectory(staging);
        try
        {
            if (volume is not null && File.Exists(volume))
            {
                // Never overwrite a file we did not make: another host may share the directory, or a person put it there.
                throw new IOException($"pool '{placement!.PoolName}' already has a file {volume}: move it away, or give the VM another name");
            }
            await writeDisk(volumeStaging ?? Path.Combine(staging, Path.GetFileName(paths.Disk))).ConfigureAwait(false);
            if (volume is not null) File.CreateSymbolicLink(Path.Combine(staging, Path.GetFileName(paths.Disk)), volume);
            await SeedIso.WriteAsync(NoCloudSeed.For(spec), Path.Combine(staging, Path.GetFileName(paths.Seed)), cancellationToken).ConfigureAwait(false);
            await File.WriteAllTextAsync(Path.Combine(staging, Path.GetFileName(paths.TemplateRecord)), templateRecord + "\n", cancellationToken).ConfigureAwait(false);
            if (volume is not null)
            {
                File.Move(volumeStaging!, volume, overwrite: false);
                volumeMoved = true;
            }
            Directory.Move(staging, paths.Dir);
        }
        catch
        {
            Directory.Delete(staging, recursive: true);
            if (volumeStaging is not null) File.Delete(volumeStaging);
            if (volumeMoved) File.Delete(volume!);
            throw;
        }
    }

    /// <summary>
    /// The build recorded in the VM's directory while the host still has its copy; else the template's current build: a
    /// built one from the image dir, or a user template's (names of the two kinds never collide: the daemon sees to it).
    /// </summary>
    internal async Task<(TemplateFiles Files, string Record)> TemplateOfAsync(VmPaths paths, VmSpec spec, CancellationToken cancellationToken)
    {
        if (File.Exists(paths.TemplateRecord))
        {
            var record = (await File.ReadAllTextAsync(paths.TemplateRecord, cancellationToken).ConfigureAwait(false)).Trim();
            var slash = record.IndexOf('/', StringComparison.Ordinal);
            if (slash > 0 && store.TryOpen(record[..slash], record[(slash + 1)..]) is { } recorded) return (recorded, record);
        }
        TemplateInfo template;
        try
        {
            template = catalog.Find(spec.Template);
        }
        catch (TemplateNotFoundException) when (userTemplates.Find(spec.Template) is { } user)
        {
            return (user.Files, user.Record);
        }
        var files = await store.EnsureAsync(template, cancellationToken).ConfigureAwait(false);
        return (files, $"{template.Name}/{template.InputsSha256}");
    }

    private static async Task WriteBesideAsync(string target, Func<string, Task> write)
    {
        var temporary = $"{target}.{Guid.NewGuid():N}.tmp";
        try
        {
            await write(temporary).ConfigureAwait(false);
            File.Move(temporary, target, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
