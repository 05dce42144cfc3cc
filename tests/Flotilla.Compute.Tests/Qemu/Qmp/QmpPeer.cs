using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Flotilla.Compute.Tests.Qemu.Qmp;

/// <summary>
/// The QEMU side of a QMP socket, scripted by the test: it greets, then hands each command
/// line to <c>answer</c>, which writes whatever lines it likes back (answers, events, nothing).
/// Protocol tests only: end-to-end tests talk to a real QEMU.
/// </summary>
internal sealed class QmpPeer : IAsyncDisposable
{
    private readonly Socket _listener = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
    private readonly string _dir = Directory.CreateTempSubdirectory("flotilla-qmp-").FullName;
    private readonly Func<JsonElement, QmpPeer, Task> _answer;
    private readonly Task _serving;
    private Socket? _client;

    public QmpPeer(Func<JsonElement, QmpPeer, Task> answer)
    {
        _answer = answer;
        SocketPath = Path.Combine(_dir, "qmp.sock");
        _listener.Bind(new UnixDomainSocketEndPoint(SocketPath));
        _listener.Listen(1);
        _serving = ServeAsync();
    }

    public string SocketPath { get; }

    public static string Greeting => """{"QMP": {"version": {"qemu": {"micro": 19, "minor": 2, "major": 7}, "package": "Debian 1:7.2+dfsg-7"}, "capabilities": ["oob"]}}""";

    public async Task SendAsync(string line) => await _client!.SendAsync(Encoding.UTF8.GetBytes(line + "\r\n"));

    public void Hangup() => _client?.Dispose();

    private async Task ServeAsync()
    {
        try
        {
            _client = await _listener.AcceptAsync();
            await SendAsync(Greeting);
            using var reader = new StreamReader(new NetworkStream(_client, ownsSocket: false));
            while (await reader.ReadLineAsync() is { } line)
            {
                using var doc = JsonDocument.Parse(line);
                var command = doc.RootElement.Clone();
                if (command.GetProperty("execute").GetString() == "qmp_capabilities")
                {
                    await SendAsync($$"""{"return": {}, "id": {{command.GetProperty("id").GetInt64()}}}""");
                    continue;
                }
                await _answer(command, this);
            }
        }
        catch (Exception e) when (e is SocketException or IOException or ObjectDisposedException)
        {
            // The client went away.
        }
    }

    public async ValueTask DisposeAsync()
    {
        _client?.Dispose();
        _listener.Dispose();
        await _serving;
        Directory.Delete(_dir, recursive: true);
    }
}
