using Flotilla.Balancer.Configuration;
using Flotilla.Core.Specs;

namespace Flotilla.Lb.Hosting;

internal static class ConfigFile
{
    /// <summary>Loads lb.yaml, or prints its one-line problem to stderr and returns null (exit 2).</summary>
    public static async Task<LbConfig?> LoadOrReportAsync(string path)
    {
        try
        {
            return LbConfigReader.Load(path);
        }
        catch (SpecException e)
        {
            await Console.Error.WriteLineAsync($"flotilla-lb: {e.Message}").ConfigureAwait(false);
            return null;
        }
    }
}
