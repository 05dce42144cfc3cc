using Flotilla.Core.Naming;

namespace Flotilla.Compute.Images;

/// <summary>
/// The templates built into the image dir: each <c>ImageDir/NAME/</c> with a manifest naming its build
/// (<c>inputs_sha256</c>), an initramfs and a base disk. Read on every call, so a template built while the daemon
/// runs is seen at once; a half-written one (no manifest yet: the build moves its outputs in last) is not.
/// </summary>
internal sealed class TemplateCatalog(string imageDir)
{
    public const string Initrd = "initramfs.cpio.gz";
    public const string BaseDisk = "disk.qcow2";
    /// <summary>Booted through its PVH note: no decompression in the guest, and QEMU maps the file instead of copying it.</summary>
    public const string DecompressedKernel = "vmlinux";
    public const string CompressedKernel = "vmlinuz";
    /// <summary>The guest's floor: tiny-web's kernel and initramfs boot and serve in 64 MiB.</summary>
    public const int DefaultMinMemoryMiB = 64;

    public string ImageDir { get; } = imageDir;

    public IReadOnlyList<TemplateInfo> List()
    {
        if (!Directory.Exists(ImageDir)) return [];
        return Directory.EnumerateDirectories(ImageDir)
            .Select(dir => Read(dir))
            .OfType<TemplateInfo>()
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .ToList();
    }

    /// <exception cref="TemplateNotFoundException">No such built template.</exception>
    public TemplateInfo Find(string name) =>
        (ResourceName.IsValid(name) ? Read(Path.Combine(ImageDir, name)) : null)
        ?? throw new TemplateNotFoundException(name, List().Select(t => t.Name).ToList(), ImageDir);

    private static TemplateInfo? Read(string dir)
    {
        var manifestPath = Path.Combine(dir, TemplateManifest.FileName);
        if (!File.Exists(manifestPath)) return null;
        var manifest = TemplateManifest.Parse(File.ReadAllText(manifestPath));
        var kernel = new[] { DecompressedKernel, CompressedKernel }.Select(k => Path.Combine(dir, k)).FirstOrDefault(File.Exists);
        if (manifest.InputsSha256 is not { Length: > 0 } inputs || kernel is null) return null;
        var name = Path.GetFileName(dir);
        return new TemplateInfo
        {
            Name = name,
            Directory = dir,
            Kernel = kernel,
            Initrd = Path.Combine(dir, Initrd),
            BaseDisk = Path.Combine(dir, BaseDisk),
            InputsSha256 = inputs,
            Sha256 = manifest.Sha256,
            MinMemoryMiB = int.TryParse(manifest.Values.GetValueOrDefault("min_memory_mib"), out var min) ? min : DefaultMinMemoryMiB,
        };
    }
}
