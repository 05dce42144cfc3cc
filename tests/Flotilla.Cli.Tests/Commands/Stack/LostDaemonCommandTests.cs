using System.Net.Sockets;
using System.Text;
using Flotilla.Cli.Tests.Support;

namespace Flotilla.Cli.Tests.Commands.Stack;

/// <summary>
/// Issue 15 §4: <c>kill -9</c> of flotillad during <c>flotilla apply</c> made the CLI die with an unhandled
/// <c>HttpIOException: The response ended prematurely</c> and 20 lines of trace. Through the real <c>bin/flotilla</c>,
/// against a daemon stand-in on a UNIX socket that sends the plan and one step of the progress stream and then
/// vanishes: the steps so far are printed, then one line says the daemon was lost, that the operation is stored and
/// goes on, and how to follow it; exit 1.
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
        Assert.EndsWith($"the operation {OperationId} is stored, and flotillad carries it on when it is back: `flotilla operation watch {OperationId}` follows it from there", line, StringComparison.Ordinal);
    }

    private const string OperationId = "op-20261207-104105-3fa9";

    /// <summary>
    /// Answers as flotillad does: the apply's POST with the stored operation (202), then the watch of its progress
    /// (chunked NDJSON), which ends mid-chunk (killed) or cleanly without a last line, and the daemon is gone.
    /// </summary>
    private static async Task ServeOneApplyAndVanishAsync(Socket listener, bool abort)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            using var client = await listener.AcceptAsync(timeout.Token);
            var pending = new StringBuilder();
            var buffer = new byte[4096];
            while (true)
            {
                while (!pending.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
                {
                    var read = await client.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
                    if (read == 0) break;
                    pending.Append(Encoding.ASCII.GetString(buffer, 0, read));
                }
                var text = pending.ToString();
                var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
                if (end < 0) break;   // This connection ended: the client opens another.
                var head = text[..end];
                var length = head.Split("\r\n").Select(h => h.Split(':', 2)).Where(h => h.Length == 2 && h[0].Trim().Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
                    .Select(h => int.Parse(h[1].Trim(), System.Globalization.CultureInfo.InvariantCulture)).FirstOrDefault();
                // The body: Content-Length bytes, or chunks up to the empty last one (JsonContent sends chunked).
                var chunked = head.Contains("Transfer-Encoding: chunked", StringComparison.OrdinalIgnoreCase);
                int BodyEnd() => chunked
                    ? text.IndexOf("0\r\n\r\n", end + 4, StringComparison.Ordinal) is var last and >= 0 ? last + 5 : -1
                    : text.Length - end - 4 >= length ? end + 4 + length : -1;
                while (BodyEnd() < 0)
                {
                    var read = await client.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
                    if (read == 0) return;
                    text += Encoding.ASCII.GetString(buffer, 0, read);
                }
                pending.Clear().Append(text[BodyEnd()..]);
                if (head.StartsWith("POST", StringComparison.Ordinal))
                {
                    var operation = $"{{\"id\":\"{OperationId}\",\"kind\":\"apply\",\"stack\":\"tiny\",\"host\":\"h\",\"state\":\"running\",\"created\":\"2026-12-07T10:41:05Z\",\"attempts\":1,\"progress\":[]}}";
                    await client.SendAsync(Encoding.UTF8.GetBytes($"HTTP/1.1 202 Accepted\r\nContent-Type: application/json\r\nContent-Length: {Encoding.UTF8.GetByteCount(operation)}\r\n\r\n{operation}"), SocketFlags.None, timeout.Token);
                    continue;
                }
                var lines = "{\"type\":\"plan\",\"text\":\"+ vm web\"}\n{\"type\":\"step\",\"action\":\"create\",\"kind\":\"vm\",\"name\":\"web\",\"state\":\"started\"}\n";
                var answer = "HTTP/1.1 200 OK\r\nContent-Type: application/x-ndjson\r\nTransfer-Encoding: chunked\r\n\r\n";
                var chunk = $"{Encoding.UTF8.GetByteCount(lines):x}\r\n{lines}\r\n";
                // Killed: the connection ends inside the chunked body. Cleanly: the body ends, but without a done or error line.
                await client.SendAsync(Encoding.UTF8.GetBytes(answer + chunk + (abort ? "" : "0\r\n\r\n")), SocketFlags.None, timeout.Token);
                client.Shutdown(SocketShutdown.Both);
                return;
            }
        }
    }
}
