using Flotilla.Balancer.Configuration;
using Flotilla.Core.Specs;

namespace Flotilla.Lb.Hosting;

internal static class ConfigFile
{
    /// <summary>Loads lb.yaml, or prints its one-line problem to stderr and returns null (exit 2).</summary>
    public static async Task<LbConfig?> LoadOrReportAsync(string path) =>
        await LoadWithContentOrReportAsync(path).ConfigureAwait(false) is { } loaded ? loaded.Config : null;

    /// <summary>As <see cref="LoadOrReportAsync"/>, with the bytes the config was read from.</summary>
    public static async Task<(LbConfig Config, byte[] Content)?> LoadWithContentOrReportAsync(string path)
    {
        try
        {
            var config = LbConfigReader.Load(path, out var content);
            return (config, content);
        }
        catch (SpecException e)
        {
            await Console.Error.WriteLineAsync($"flotilla-lb: {e.Message}").ConfigureAwait(false);
            return null;
        }
    }
}
