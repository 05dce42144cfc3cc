using System.Diagnostics;
using Flotilla.Testing;

namespace Flotilla.EndToEnd.Tests.Lb;

/// <summary>The real <c>bin/flotilla-lb</c> launcher as a child process, with its output captured.</summary>
public sealed class LbProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly System.Text.StringBuilder _output = new();

    private LbProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public static string RepositoryRoot { get; } = FindRoot();

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    public static LbProcess Start(params string[] args)
    {
        var info = new ProcessStartInfo(Path.Combine(RepositoryRoot, "bin", "flotilla-lb"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        return new LbProcess(Process.Start(info)!);
    }

    /// <summary>Runs to completion: exit code and everything it printed.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(params string[] args)
    {
        await using var lb = Start(args);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await lb._process.WaitForExitAsync(deadline.Token);
        return (lb._process.ExitCode, lb.Output.Trim());
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

    public void Signal(string signal) => Process.Start("kill", ["-" + signal, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            Signal("TERM");
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await _process.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Flotilla.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Flotilla.sln not found above the test binaries");
    }
}
