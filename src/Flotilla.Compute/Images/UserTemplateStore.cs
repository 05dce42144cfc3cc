using System.Globalization;
using System.Security.Cryptography;
using Flotilla.Compute.Disks;

namespace Flotilla.Compute.Images;

/// <summary>
/// User-defined templates' files, kept beside the built templates' copies (<see cref="TemplateStore"/>) in the same
/// layout, <c>DATA_DIR/templates/NAME/ID/</c>, so a VM's template record (<c>NAME/ID</c>) opens either kind alike. The
/// manifest says <c>kind=user</c>. As there, a build appears whole (a staging directory renamed into place) or not at
/// all, and its files are read-only: linked clones name the base disk as their backing file.
/// </summary>
internal sealed class UserTemplateStore(string templatesDir)
{
    public const string Kind = "user";
    private const UnixFileMode ReadOnly = UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    /// <summary>The user template's files and its record (<c>NAME/ID</c>); null when there is no user template of that name.</summary>
    public (TemplateFiles Files, string Record, UserTemplateBuild Build)? Find(string name)
    {
        var root = Path.Combine(templatesDir, name);
        if (!Directory.Exists(root)) return null;
        foreach (var dir in Directory.EnumerateDirectories(root).Where(d => !Path.GetFileName(d).Contains(".staging-", StringComparison.Ordinal)))
        {
            var manifestPath = Path.Combine(dir, TemplateManifest.FileName);
            if (!File.Exists(manifestPath)) continue;
            var manifest = TemplateManifest.Parse(File.ReadAllText(manifestPath));
            if (manifest.Values.GetValueOrDefault("kind") != Kind) continue;
            var kernel = new[] { TemplateCatalog.DecompressedKernel, TemplateCatalog.CompressedKernel }.Select(k => Path.Combine(dir, k)).FirstOrDefault(File.Exists);
            if (kernel is null) continue;
            var id = Path.GetFileName(dir);
            var build = new UserTemplateBuild
            {
                Name = name, Id = id, Directory = dir, BaseDisk = Path.Combine(dir, TemplateCatalog.BaseDisk),
                Boots = manifest.Values.GetValueOrDefault("boots") ?? "",
                MinMemoryMiB = int.TryParse(manifest.Values.GetValueOrDefault("min_memory_mib"), CultureInfo.InvariantCulture, out var min) ? min : TemplateCatalog.DefaultMinMemoryMiB,
            };
            return (new TemplateFiles(kernel, Path.Combine(dir, TemplateCatalog.Initrd), build.BaseDisk), $"{name}/{id}", build);
        }
        return null;
    }

    /// <summary>
    /// Makes user template <paramref name="name"/> from a stopped VM's disk: the disk flattened with
    /// <c>qemu-img convert</c> (a standalone base, no backing chain, no internal snapshots: those hold the VM's RAM and
    /// identity), and copies of the kernel and initramfs the VM boots. A stale build of that name (a template deleted
    /// from the store whose files stayed) is replaced.
    /// </summary>
    /// <exception cref="IOException">qemu-img or a copy failed; nothing is left.</exception>
    public async Task<UserTemplateBuild> CreateAsync(string name, string sourceDisk, TemplateFiles boots, string bootsRecord, int minMemoryMiB,
        string sourceVm, DateTimeOffset createdAt, CancellationToken cancellationToken)
    {
        var root = Path.Combine(templatesDir, name);
        Directory.CreateDirectory(root);
        var staging = Path.Combine(root, $"user.staging-{Guid.NewGuid():N}");
        Directory.CreateDirectory(staging);
        try
        {
            var disk = Path.Combine(staging, TemplateCatalog.BaseDisk);
            await VmDisk.FlattenAsync(sourceDisk, disk, cancellationToken).ConfigureAwait(false);
            var sums = new Dictionary<string, string>(StringComparer.Ordinal) { [TemplateCatalog.BaseDisk] = await Sha256Async(disk, cancellationToken).ConfigureAwait(false) };
            foreach (var file in new[] { boots.Kernel, boots.Initrd })
            {
                var copy = Path.Combine(staging, Path.GetFileName(file));
                File.Copy(file, copy);
                sums[Path.GetFileName(file)] = await Sha256Async(copy, cancellationToken).ConfigureAwait(false);
            }
            var id = "user-" + sums[TemplateCatalog.BaseDisk][..16];
            var lines = new List<string>
            {
                $"kind={Kind}", $"name={name}", $"from_vm={sourceVm}", $"boots={bootsRecord}",
                string.Create(CultureInfo.InvariantCulture, $"min_memory_mib={minMemoryMiB}"),
                $"created_at={createdAt.ToString("O", CultureInfo.InvariantCulture)}",
            };
            lines.AddRange(sums.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"sha256_{kv.Key}={kv.Value}"));
            await File.WriteAllLinesAsync(Path.Combine(staging, TemplateManifest.FileName), lines, cancellationToken).ConfigureAwait(false);
            if (!OperatingSystem.IsWindows())
            {
                foreach (var file in Directory.EnumerateFiles(staging)) File.SetUnixFileMode(file, ReadOnly);
            }
            Delete(name, except: staging);
            Directory.Move(staging, Path.Combine(root, id));
        }
        catch
        {
            if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
            RemoveIfEmpty(root);
            throw;
        }
        return Find(name)!.Value.Build;
    }

    /// <summary>
    /// Removes every user build of <paramref name="name"/>, whole or half-made, and its directory once empty. Built
    /// templates' copies (named by their 64-digit inputs hash) are never touched.
    /// </summary>
    public void Delete(string name, string? except = null)
    {
        var root = Path.Combine(templatesDir, name);
        if (!Directory.Exists(root)) return;
        foreach (var dir in Directory.EnumerateDirectories(root).Where(d => d != except && Path.GetFileName(d).StartsWith("user", StringComparison.Ordinal)).ToList())
        {
            Directory.Delete(dir, recursive: true);
        }
        RemoveIfEmpty(root);
    }

    private static void RemoveIfEmpty(string dir)
    {
        if (Directory.Exists(dir) && !Directory.EnumerateFileSystemEntries(dir).Any()) Directory.Delete(dir);
    }

    private static async Task<string> Sha256Async(string path, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, useAsync: true);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false));
    }
}
