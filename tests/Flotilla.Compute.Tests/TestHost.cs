using System.Diagnostics;
using Flotilla.Compute.Qemu;
using Flotilla.Core.Vms;
using Flotilla.Testing;
using Xunit.Abstractions;

namespace Flotilla.Compute.Tests;

/// <summary>
/// A host for one test: a fresh data dir under /tmp and a <see cref="HostCompute"/> on it. Disposing it lets go of
/// the runtime, kills any QEMU still running on that data dir (a failed test must not leave one), and removes every
/// file the host made.
/// </summary>
public sealed class TestHost : IAsyncDisposable
{
    public const string HelloUserData = "#!/bin/sh\nmkdir -p /www\necho \"Hello from VM 7\" > /www/index.html\nhttpd -p 80 -h /www\n";
    private readonly ITestOutputHelper? _output;
    private readonly List<HostCompute> _computes = [];

    private TestHost(ITestOutputHelper? output, Func<ComputeOptions, ComputeOptions>? configure)
    {
        _output = output;
        DataDir = Directory.CreateTempSubdirectory("flotilla-compute-").FullName;
        var options = new ComputeOptions { DataDir = DataDir, HostName = "test-host", ImageDir = GuestImage.Dir };
        Options = configure is null ? options : configure(options);
        Compute = NewCompute();
    }

    public string DataDir { get; }
    public ComputeOptions Options { get; }
    public HostCompute Compute { get; }

    public static TestHost Create(ITestOutputHelper? output = null, Func<ComputeOptions, ComputeOptions>? configure = null) => new(output, configure);

    /// <summary>Another runtime on the same data dir: what a restarted daemon makes.</summary>
    public HostCompute NewCompute()
    {
        var compute = new HostCompute(Options, new TestLoggerFactory(_output), TimeProvider.System);
        _computes.Add(compute);
        return compute;
    }

    public static VmSpec Spec(string name, string? userData = HelloUserData, int memoryMiB = 128, bool fullClone = false, params PortForward[] forwards) => new()
    {
        Name = name, Template = "tiny-web", Cpus = 1, MemoryMiB = memoryMiB, UserData = userData, FullClone = fullClone,
        Forwards = forwards, Mac = "52:54:00:00:00:07", InstanceId = $"i-{name}-{Guid.NewGuid():N}",
    };

    /// <summary>Live (not zombie) QEMU processes whose command line mentions this data dir.</summary>
    public IReadOnlyList<int> LiveQemus() => LiveQemusOf(DataDir);

    public static IReadOnlyList<int> LiveQemusOf(string fragment) => Directory.EnumerateDirectories("/proc")
        .Select(d => int.TryParse(Path.GetFileName(d), out var pid) ? pid : 0)
        .Where(pid => pid > 0 && ProcessTable.IsAlive(pid)
            && ProcessTable.CommandLine(pid) is { } line && Path.GetFileName(line[0]).StartsWith("qemu-system", StringComparison.Ordinal)
            && line.Any(a => a.Contains(fragment, StringComparison.Ordinal)))
        .ToList();

    public async ValueTask DisposeAsync()
    {
        foreach (var compute in _computes) await compute.DisposeAsync();
        foreach (var pid in LiveQemus())
        {
            _output?.WriteLine($"killing leftover QEMU {pid}");
            try
            {
                using var process = Process.GetProcessById(pid);
                process.Kill();
            }
            catch (ArgumentException)
            {
                // Gone meanwhile.
            }
        }
        await Wait.UntilAsync(() => LiveQemus().Count == 0, TimeSpan.FromSeconds(10), "leftover QEMUs gone");
        var shortSockets = new Compute.Vms.VmLayout(Options.DataDir).ShortSocketDir;
        if (Directory.Exists(shortSockets)) Directory.Delete(shortSockets, recursive: true);
        Directory.Delete(DataDir, recursive: true);
    }
}
