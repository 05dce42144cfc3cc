using Flotilla.Testing;

namespace Flotilla.EndToEnd.Tests.Hosting;

/// <summary>
/// <c>flotillad --store</c> through the real launcher (issue 15 §5): a store it cannot use is one line on standard
/// error and a non-zero exit, never a stack trace — 2 for a value it does not accept, 1 for a store that will not open.
/// </summary>
public sealed class DaemonStoreOptionTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("flotillad-store-").FullName;

    [Theory]
    [InlineData("etcd:http://127.0.0.1:2379", "flotillad: --store: 'etcd:http://127.0.0.1:2379': the etcd store is not supported yet; use sqlite:PATH")]
    [InlineData("state.db", "flotillad: --store: 'state.db' is not sqlite:PATH")]
    public async Task A_value_it_does_not_accept_is_one_line_and_exit_2(string store, string expected)
    {
        await using var daemon = await RunAsync(store);
        Assert.True(daemon.ExitCode == 2, daemon.Output);
        Assert.Equal(expected, daemon.StandardError.Trim());
    }

    [Fact]
    public async Task A_file_that_is_not_a_store_is_one_line_and_exit_1()
    {
        var corrupt = Path.Combine(_dir, "corrupt.db");
        await File.WriteAllTextAsync(corrupt, new string('x', 8192));
        await using var daemon = await RunAsync($"sqlite:{corrupt}");
        Assert.True(daemon.ExitCode == 1, daemon.Output);
        var line = Assert.Single(daemon.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"flotillad: cannot open the store sqlite:{corrupt}: ", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_path_it_cannot_create_is_one_line_and_exit_1()
    {
        // Under a regular file: no directory can be made there, not even by root.
        var file = Path.Combine(_dir, "file");
        await File.WriteAllTextAsync(file, "");
        await using var daemon = await RunAsync($"sqlite:{file}/state.db");
        Assert.True(daemon.ExitCode == 1, daemon.Output);
        var line = Assert.Single(daemon.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"flotillad: cannot open the store sqlite:{file}/state.db: ", line, StringComparison.Ordinal);
    }

    private Task<LauncherProcess> RunAsync(string store) => LauncherProcess.RunAsync("flotillad",
        ["--data-dir", Path.Combine(_dir, "data"), "--listen", $"unix:{Path.Combine(_dir, "api.sock")}", "--host", "e2e-store", "--store", store],
        TimeSpan.FromSeconds(120));

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
