using Flotilla.Testing;

namespace Flotilla.EndToEnd.Tests.Lb;

/// <summary>The real <c>bin/flotilla-lb</c> launcher as a child process, with its output captured.</summary>
public sealed class LbProcess : IAsyncDisposable
{
    private readonly LauncherProcess _process;

    private LbProcess(LauncherProcess process) => _process = process;

    public static string RepositoryRoot => LauncherProcess.RepositoryRoot;

    public string Output => _process.Output;

    public int Pid => _process.Pid;

    public bool HasExited => _process.HasExited;

    public static LbProcess Start(params string[] args) => new(LauncherProcess.Start("flotilla-lb", args));

    /// <summary>Started with extra environment, e.g. <c>FLOTILLA_LB_TCP_ENGINE</c>.</summary>
    public static LbProcess Start(IReadOnlyDictionary<string, string> environment, params string[] args) =>
        new(LauncherProcess.Start("flotilla-lb", args, environment));

    /// <summary>Runs to completion: exit code and everything it printed.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(params string[] args)
    {
        await using var lb = await LauncherProcess.RunAsync("flotilla-lb", args);
        return (lb.ExitCode, lb.Output.Trim());
    }

    public async Task WaitForHealthyAsync(int adminPort)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(1) };
        await Wait.UntilAsync(() =>
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"flotilla-lb exited with {_process.ExitCode}: {Output}");
            }

            try
            {
                return http.GetAsync($"http://127.0.0.1:{adminPort}/healthz").GetAwaiter().GetResult().IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false;
            }
            catch (TaskCanceledException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(120), "flotilla-lb healthy");
    }

    public void Signal(string signal) => _process.Signal(signal);

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
