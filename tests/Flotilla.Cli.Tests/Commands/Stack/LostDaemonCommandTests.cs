using System.Net.Sockets;
using System.Text;
using Flotilla.Cli.Tests.Support;

namespace Flotilla.Cli.Tests.Commands.Stack;

/// <summary>
/// Issue 15 §4: <c>kill -9</c> of flotillad during <c>flotilla apply</c> made the CLI die with an unhandled
/// <c>HttpIOException: The response ended prematurely</c> and 20 lines of trace. Through the real <c>bin/flotilla</c>,
/// against a daemon stand-in on a UNIX socket that sends the plan and one step of the progress stream and then
/// vanishes: the steps so far are printed, then one line says the daemon was lost and what to do; exit 1.
/// </summary>
public sealed class LostDaemonCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("flotilla-lost-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData(true, "The response ended prematurely")]
    [InlineData(false, "the stream ended before its last line")]
    public async Task A_daemon_gone_mid_apply_is_one_line_after_the_steps_it_did(bool abort, string why)
    {
        var file = Path.Combine(_dir, "tiny.yaml");
        await File.WriteAllTextAsync(file, "name: tiny\nvms:\n  - name: web\n    template: tiny-web\n");
        var socketPath = Path.Combine(_dir, "d.sock");
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(socketPath));
        listener.Listen();
        var daemon = ServeOneApplyAndVanishAsync(listener, abort);

        await using var cli = await FlotillaCli.RunAsync(["apply", "-f", file, "--endpoint", "unix:" + socketPath]);
        await daemon;

        Assert.True(cli.ExitCode == 1, cli.Output);
        Assert.Contains("vm web: creating…", cli.StandardOutput);
        var line = Assert.Single(cli.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"flotilla: lost flotillad at unix:{socketPath} during apply (", line, StringComparison.Ordinal);
        Assert.Contains(why, line, StringComparison.Ordinal);
        Assert.EndsWith("`flotilla stack show NAME` says where the stack stands, and running apply again carries on from there", line, StringComparison.Ordinal);
    }

    /// <summary>Answers the first request as flotillad's apply does (chunked NDJSON), then closes: mid-chunk (killed) or cleanly.</summary>
    private static async Task ServeOneApplyAndVanishAsync(Socket listener, bool abort)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var client = await listener.AcceptAsync(timeout.Token);
        var request = new StringBuilder();
        var buffer = new byte[4096];
        while (!request.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var read = await client.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
            if (read == 0) return;
            request.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        var lines = "{\"type\":\"plan\",\"text\":\"+ vm web\"}\n{\"type\":\"step\",\"action\":\"create\",\"kind\":\"vm\",\"name\":\"web\",\"state\":\"started\"}\n";
        var head = "HTTP/1.1 200 OK\r\nContent-Type: application/x-ndjson\r\nTransfer-Encoding: chunked\r\n\r\n";
        var chunk = $"{Encoding.UTF8.GetByteCount(lines):x}\r\n{lines}\r\n";
        // Killed: the connection ends inside the chunked body. Cleanly: the body ends, but without a done or error line.
        await client.SendAsync(Encoding.UTF8.GetBytes(head + chunk + (abort ? "" : "0\r\n\r\n")), SocketFlags.None, timeout.Token);
        client.Shutdown(SocketShutdown.Both);
    }
}
