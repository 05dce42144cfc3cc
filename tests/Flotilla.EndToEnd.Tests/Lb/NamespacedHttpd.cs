using System.Diagnostics;
using Flotilla.Testing;
using Flotilla.Testing.Netns;

namespace Flotilla.EndToEnd.Tests.Lb;

/// <summary>
/// A real server inside a network namespace: <c>ip netns exec NS busybox httpd -f</c>, bound to
/// an address of that namespace only, serving one index.html. Killed on dispose (deleting a
/// namespace does not stop the processes in it).
/// </summary>
public sealed class NamespacedHttpd : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _root;
    private bool _disposed;

    private NamespacedHttpd(Process process, string root)
    {
        _process = process;
        _root = root;
    }

    public const string Body = "Hello from inside the VM network\n";

    public static async Task<NamespacedHttpd> StartAsync(string @namespace, string address, int port)
    {
        var root = Directory.CreateTempSubdirectory("flotilla-httpd-").FullName;
        await File.WriteAllTextAsync(Path.Combine(root, "index.html"), Body);
        // `ip netns exec` execs busybox in place: this process is the server itself.
        var process = Process.Start(new ProcessStartInfo("ip", ["netns", "exec", @namespace, "busybox", "httpd", "-f", "-p", $"{address}:{port}", "-h", root])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        })!;
        var httpd = new NamespacedHttpd(process, root);
        try
        {
            await Wait.UntilAsync(() =>
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"busybox httpd exited with {process.ExitCode}: {process.StandardError.ReadToEnd()}");
                }

                return Sh.Run($"ip netns exec {@namespace} ss -Hltn 'sport = :{port}'").Contains(address, StringComparison.Ordinal);
            }, TimeSpan.FromSeconds(10), "busybox httpd listening in the namespace");
        }
        catch
        {
            // The caller never gets the server to dispose: kill it and remove its document root here.
            await httpd.DisposeAsync();
            throw;
        }

        return httpd;
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Directory.Delete(_root, recursive: true);
    }
}
