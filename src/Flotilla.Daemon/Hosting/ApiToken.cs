using System.Security.Cryptography;

namespace Flotilla.Daemon.Hosting;

/// <summary>The bearer token a TCP listener demands: made on first start into DATA_DIR/api-token (0600), kept after.</summary>
internal static class ApiToken
{
    public static string LoadOrCreate(string dataDir)
    {
        var path = Path.Combine(dataDir, "api-token");
        if (File.Exists(path)) return File.ReadAllText(path).Trim();
        var token = Convert.ToHexString(RandomNumberGenerator.GetBytes(32)).ToLowerInvariant();
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var file = new FileStream(path, options))
        using (var writer = new StreamWriter(file))
        {
            writer.WriteLine(token);
        }
        return token;
    }
}
