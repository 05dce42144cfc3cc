using System.Diagnostics;
using Flotilla.Testing;

namespace Flotilla.Compute.Tests;

/// <summary>The tiny-web image, built by its own script (cached: about a second when nothing changed), once per run.</summary>
internal static class GuestImage
{
    private static readonly Lazy<string> Built = new(Build);

    /// <summary>The image dir (<c>artifacts/images</c>) holding <c>tiny-web/</c>.</summary>
    public static string Dir => Built.Value;

    private static string Build()
    {
        var root = LauncherProcess.RepositoryRoot;
        var images = Path.Combine(root, "artifacts", "images");
        var info = new ProcessStartInfo(Path.Combine(root, "images", "tiny-web", "build"), [Path.Combine(images, "tiny-web")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var build = Process.Start(info)!;
        var output = build.StandardOutput.ReadToEndAsync();
        var errors = build.StandardError.ReadToEnd();
        build.WaitForExit();
        if (build.ExitCode != 0) throw new InvalidOperationException($"images/tiny-web/build failed: {errors}{output.Result}");
        return images;
    }
}
