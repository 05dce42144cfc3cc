using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Flotilla.Testing;

/// <summary>
/// One of the real launchers in <c>bin/</c> (<c>flotilla</c>, <c>flotilla-lb</c>) as a child
/// process, with its standard output and error captured apart and together.
/// </summary>
public sealed class LauncherProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly StringBuilder _output = new();

    private LauncherProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Append(_stdout, e.Data);
        _process.ErrorDataReceived += (_, e) => Append(_stderr, e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public static string RepositoryRoot { get; } = FindRoot();

    public string Output => Read(_output);
    public string StandardOutput => Read(_stdout);
    public string StandardError => Read(_stderr);
    public int Pid => _process.Id;
    public bool HasExited => _process.HasExited;
    public int ExitCode => _process.ExitCode;

    public static LauncherProcess Start(string launcher, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(Path.Combine(RepositoryRoot, "bin", launcher))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args) info.ArgumentList.Add(arg);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) info.Environment[name] = value;
        return new LauncherProcess(Process.Start(info)!);
    }

    /// <summary>Runs to completion (at most <paramref name="timeout"/>, default 60 s).</summary>
    public static async Task<LauncherProcess> RunAsync(string launcher, IEnumerable<string> args, TimeSpan? timeout = null)
    {
        var process = Start(launcher, args);
        await process.WaitForExitAsync(timeout ?? TimeSpan.FromSeconds(60));
        return process;
    }

    public async Task WaitForExitAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(deadline.Token);
        _process.WaitForExit(); // flushes the asynchronous output readers
    }

    public void Signal(string signal) =>
        Process.Start("kill", ["-" + signal, _process.Id.ToString(CultureInfo.InvariantCulture)])!.WaitForExit();

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

    private void Append(StringBuilder stream, string? line)
    {
        if (line is null) return;
        lock (_output)
        {
            stream.AppendLine(line);
            _output.AppendLine(line);
        }
    }

    private string Read(StringBuilder stream)
    {
        lock (_output) return stream.ToString();
    }

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Flotilla.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Flotilla.sln not found above the test binaries");
    }
}
