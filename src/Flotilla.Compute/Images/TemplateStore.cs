using System.Security.Cryptography;

namespace Flotilla.Compute.Images;

/// <summary>
/// Keeps a copy of each template build that VMs use, in <c>DATA_DIR/templates/NAME/INPUTS_SHA256/</c>: overlays name
/// the base disk as their backing file, so it must never change, while a rebuild replaces the files in the image dir.
/// Each file is checked against the manifest's sha256 as it is copied; the directory appears whole (a staging
/// directory renamed into place) or not at all. The copies are read-only.
/// </summary>
internal sealed class TemplateStore(string templatesDir) : IDisposable
{
    private const UnixFileMode ReadOnly = UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    private readonly SemaphoreSlim _gate = new(1, 1);

    public string Dir(TemplateInfo template) => Dir(template.Name, template.InputsSha256);

    private string Dir(string name, string inputsSha256) => Path.Combine(templatesDir, name, inputsSha256);

    /// <summary>The host's copy of build <paramref name="inputsSha256"/> of <paramref name="name"/>; null when there is none.</summary>
    public TemplateFiles? TryOpen(string name, string inputsSha256)
    {
        var dir = Dir(name, inputsSha256);
        if (!Directory.Exists(dir)) return null;
        var kernel = new[] { TemplateCatalog.DecompressedKernel, TemplateCatalog.CompressedKernel }.Select(k => Path.Combine(dir, k)).FirstOrDefault(File.Exists);
        return kernel is null ? null : new TemplateFiles(kernel, Path.Combine(dir, TemplateCatalog.Initrd), Path.Combine(dir, TemplateCatalog.BaseDisk));
    }

    /// <summary>The host's copy of <paramref name="template"/>, made on first use.</summary>
    /// <exception cref="TemplateCorruptException">A file is missing or does not match the manifest.</exception>
    public async Task<TemplateFiles> EnsureAsync(TemplateInfo template, CancellationToken cancellationToken)
    {
        var dir = Dir(template);
        if (TryOpen(template.Name, template.InputsSha256) is { } ready) return ready;
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (TryOpen(template.Name, template.InputsSha256) is { } made) return made;
            var staging = $"{dir}.staging-{Guid.NewGuid():N}";
            Directory.CreateDirectory(staging);
            try
            {
                foreach (var source in new[] { template.Kernel, template.Initrd, template.BaseDisk })
                {
                    await CopyCheckedAsync(template, source, Path.Combine(staging, Path.GetFileName(source)), cancellationToken).ConfigureAwait(false);
                }
                File.Copy(Path.Combine(template.Directory, TemplateManifest.FileName), Path.Combine(staging, TemplateManifest.FileName));
                Directory.CreateDirectory(Path.GetDirectoryName(dir)!);
                Directory.Move(staging, dir);
            }
            catch
            {
                Directory.Delete(staging, recursive: true);
                throw;
            }
            return TryOpen(template.Name, template.InputsSha256)!;
        }
        finally
        {
            _gate.Release();
        }
    }

    private static async Task CopyCheckedAsync(TemplateInfo template, string source, string target, CancellationToken cancellationToken)
    {
        var name = Path.GetFileName(source);
        if (!File.Exists(source)) throw new TemplateCorruptException(template.Name, $"{name} is missing in {template.Directory}");
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await using (var from = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, useAsync: true))
        await using (var to = new FileStream(target, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20, useAsync: true))
        {
            var buffer = new byte[1 << 20];
            int n;
            while ((n = await from.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                hash.AppendData(buffer, 0, n);
                await to.WriteAsync(buffer.AsMemory(0, n), cancellationToken).ConfigureAwait(false);
            }
        }
        var actual = Convert.ToHexStringLower(hash.GetHashAndReset());
        if (template.Sha256.TryGetValue(name, out var expected) && !string.Equals(expected, actual, StringComparison.OrdinalIgnoreCase))
        {
            throw new TemplateCorruptException(template.Name, $"{name} has sha256 {actual[..12]}…, the manifest says {expected[..Math.Min(12, expected.Length)]}…");
        }
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(target, ReadOnly);
    }

    public void Dispose() => _gate.Dispose();
}
