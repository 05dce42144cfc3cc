using Flotilla.Compute.Images;

namespace Flotilla.Compute.Tests.Images;

/// <summary>A fake image dir (small files, a manifest with their hashes), so each failure is made on purpose.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class TemplateStoreTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("flotilla-templates-");

    private string ImageDir => Path.Combine(_root.FullName, "images");
    private string TemplatesDir => Path.Combine(_root.FullName, "data", "templates");

    private void Build(string name, bool withVmlinux = true, string? wrongSha = null)
    {
        var dir = Directory.CreateDirectory(Path.Combine(ImageDir, name)).FullName;
        var files = new List<string> { "vmlinuz", "initramfs.cpio.gz", "disk.qcow2" };
        if (withVmlinux) files.Add("vmlinux");
        var manifest = new List<string> { "kernel_version=6.1", "inputs_sha256=0123456789abcdef" };
        foreach (var file in files)
        {
            File.WriteAllText(Path.Combine(dir, file), file + " bytes");
            var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(file + " bytes")));
            manifest.Add($"sha256_{file}={(file == wrongSha ? new string('0', 64) : sha)}");
        }
        File.WriteAllLines(Path.Combine(dir, "manifest"), manifest);
    }

    [Fact]
    public void The_catalog_lists_built_templates_and_prefers_the_decompressed_kernel()
    {
        Build("tiny-web");
        Build("old-web", withVmlinux: false);
        Directory.CreateDirectory(Path.Combine(ImageDir, "half-built")); // no manifest yet

        var templates = new TemplateCatalog(ImageDir).List();

        Assert.Equal(["old-web", "tiny-web"], templates.Select(t => t.Name));
        Assert.Equal("vmlinuz", Path.GetFileName(templates[0].Kernel));
        Assert.Equal("vmlinux", Path.GetFileName(templates[1].Kernel));
        Assert.Equal("0123456789abcdef", templates[1].InputsSha256);
        Assert.Equal(64, templates[1].MinMemoryMiB);
        Assert.Throws<TemplateNotFoundException>(() => new TemplateCatalog(ImageDir).Find("half-built"));
    }

    [Fact]
    public async Task The_hosts_copy_is_made_once_per_build_and_read_only()
    {
        Build("tiny-web");
        var template = new TemplateCatalog(ImageDir).Find("tiny-web");
        using var store = new TemplateStore(TemplatesDir);

        var files = await store.EnsureAsync(template, CancellationToken.None);

        Assert.Equal(Path.Combine(TemplatesDir, "tiny-web", "0123456789abcdef", "disk.qcow2"), files.BaseDisk);
        Assert.Equal("vmlinux bytes", File.ReadAllText(files.Kernel));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead, File.GetUnixFileMode(files.BaseDisk));
        Assert.Equal(files, await store.EnsureAsync(template, CancellationToken.None));
        Assert.Equal(["0123456789abcdef"], Directory.GetDirectories(Path.Combine(TemplatesDir, "tiny-web")).Select(d => Path.GetFileName(d)));
    }

    [Fact]
    public async Task A_file_that_does_not_match_its_manifest_is_refused_and_no_copy_is_left()
    {
        Build("tiny-web", wrongSha: "disk.qcow2");
        var template = new TemplateCatalog(ImageDir).Find("tiny-web");
        using var store = new TemplateStore(TemplatesDir);

        var e = await Assert.ThrowsAsync<TemplateCorruptException>(() => store.EnsureAsync(template, CancellationToken.None));

        Assert.Contains("disk.qcow2", e.Message);
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(TemplatesDir, "tiny-web")));
    }

    public void Dispose() => _root.Delete(recursive: true);
}
