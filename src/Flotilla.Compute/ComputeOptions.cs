namespace Flotilla.Compute;

/// <summary>Settings of one host's compute runtime.</summary>
public sealed record ComputeOptions
{
    /// <summary>The host's data dir: VMs live in <c>DataDir/vms/NAME/</c>, template copies in <c>DataDir/templates/</c>.</summary>
    public required string DataDir { get; init; }
    public required string HostName { get; init; }
    /// <summary>Where built templates are (<c>images/tiny-web/build</c> writes <c>ImageDir/tiny-web/</c>): <c>FLOTILLA_IMAGE_DIR</c>,
    /// else the <c>artifacts/images</c> of the checkout the binary was built in.</summary>
    public string ImageDir { get; init; } = DefaultImageDir();
    /// <summary>A name looked up on PATH, or a path.</summary>
    public string QemuBinary { get; init; } = "qemu-system-x86_64";
    /// <summary>How long a shutdown presses the power button before it sends <c>quit</c>.</summary>
    public TimeSpan ShutdownGrace { get; init; } = TimeSpan.FromSeconds(60);
    /// <summary>How long a kvm boot probe may take to reach the guest's init.</summary>
    internal TimeSpan AccelProbeTimeout { get; init; } = TimeSpan.FromSeconds(10);
    /// <summary>How long QEMU may take to open its QMP socket (TCG on a loaded host is slow).</summary>
    internal TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(30);

    internal static string DefaultImageDir()
    {
        if (Environment.GetEnvironmentVariable("FLOTILLA_IMAGE_DIR") is { Length: > 0 } fromEnvironment) return fromEnvironment;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var images = Path.Combine(dir.FullName, "artifacts", "images");
            if (Directory.Exists(images)) return images;
        }
        return Path.Combine(AppContext.BaseDirectory, "images");
    }
}
