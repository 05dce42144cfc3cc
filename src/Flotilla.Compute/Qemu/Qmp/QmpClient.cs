using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Flotilla.Compute.Qemu.Qmp.Commands;

namespace Flotilla.Compute.Qemu.Qmp;

/// <summary>
/// A QMP connection to one QEMU (JSON lines on a UNIX socket). The sequence:
/// <list type="number">
/// <item>QEMU greets: <c>{"QMP": {"version": …, "capabilities": […]}}</c>.</item>
/// <item>We leave negotiation mode: <c>{"execute": "qmp_capabilities"}</c> → <c>{"return": {}}</c>.</item>
/// <item>Commands carry an <c>id</c>; QEMU answers <c>{"return": …, "id": n}</c> or
/// <c>{"error": {"class": …, "desc": …}, "id": n}</c>, and sends events
/// (<c>{"event": "STOP", "data": …, "timestamp": …}</c>) at any time between them.</item>
/// </list>
/// Each command is a record (<see cref="IQmpCommand{TReply}"/>, in <c>Commands/</c> and <c>Migration/</c>) that knows its
/// name, its arguments and its reply; events' data read as records with <see cref="QmpEvent.TryRead{T}"/>.
/// A closed socket means QEMU is gone: pending commands fail with <see cref="QmpDisconnectedException"/>
/// and <see cref="Disconnected"/> completes — how a daemon notices a VM died.
/// </summary>
public sealed class QmpClient : IAsyncDisposable
{
    public static readonly TimeSpan DefaultCommandTimeout = TimeSpan.FromSeconds(10);
    /// <summary>How many unread events <see cref="Events"/> keeps.</summary>
    public const int EventBacklog = 1024;

    private readonly Socket _socket;
    private readonly Stream _stream;
    private readonly StreamReader _reader;
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly ConcurrentDictionary<long, TaskCompletionSource<JsonElement>> _pending = new();
    /// <summary>Bounded so that a VM nobody reads events from cannot grow without limit: the oldest go first.</summary>
    private readonly Channel<QmpEvent> _events = Channel.CreateBounded<QmpEvent>(new BoundedChannelOptions(EventBacklog) { FullMode = BoundedChannelFullMode.DropOldest });
    private readonly TaskCompletionSource _disconnected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stop = new();
    private Task _readLoop = Task.CompletedTask;
    private readonly Action<QmpEvent>? _observer;
    private long _nextId;

    private QmpClient(Socket socket, Action<QmpEvent>? observer)
    {
        _socket = socket;
        _observer = observer;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _reader = new StreamReader(_stream, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: false, bufferSize: 16 * 1024);
    }

    public QmpGreeting Greeting { get; private set; } = null!;

    /// <summary>Every event QEMU sends, in order (the newest <see cref="EventBacklog"/> when nobody reads).</summary>
    public ChannelReader<QmpEvent> Events => _events.Reader;

    /// <summary>Completes when the connection is gone (QEMU exited, or we disposed).</summary>
    public Task Disconnected => _disconnected.Task;

    /// <summary>Connects, reads the greeting and negotiates capabilities.</summary>
    /// <exception cref="QmpException">No QMP peer on <paramref name="socketPath"/>, or it did not greet.</exception>
    public static Task<QmpClient> ConnectAsync(string socketPath, TimeSpan timeout, CancellationToken cancellationToken) =>
        ConnectAsync(socketPath, timeout, observer: null, cancellationToken);

    /// <summary>
    /// As <see cref="ConnectAsync(string, TimeSpan, CancellationToken)"/>, and <paramref name="observer"/> sees every
    /// event first, on the read loop, before it is queued in <see cref="Events"/>: the runtime watches SHUTDOWN that
    /// way and leaves the channel whole to whoever else reads it.
    /// </summary>
    internal static async Task<QmpClient> ConnectAsync(string socketPath, TimeSpan timeout, Action<QmpEvent>? observer, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        QmpClient? client = null;
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), deadline.Token).ConfigureAwait(false);
            client = new QmpClient(socket, observer);
            var greetingLine = await client._reader.ReadLineAsync(deadline.Token).ConfigureAwait(false)
                ?? throw new QmpException($"QMP at {socketPath} closed before greeting");
            client.Greeting = QmpGreeting.Parse(greetingLine);
            client._readLoop = Task.Run(client.ReadLoopAsync, CancellationToken.None);
            await client.ExecuteAsync(new QmpCapabilities(), timeout, deadline.Token).ConfigureAwait(false);
            return client;
        }
        catch (Exception e) when (e is SocketException or IOException or JsonException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            await DisposeAsync(client, socket).ConfigureAwait(false);
            throw new QmpException($"cannot talk QMP on {socketPath}: {e.Message}", e);
        }
        catch
        {
            await DisposeAsync(client, socket).ConfigureAwait(false);
            throw;
        }
    }

    private static async ValueTask DisposeAsync(QmpClient? client, Socket socket)
    {
        if (client is not null) await client.DisposeAsync().ConfigureAwait(false);
        else socket.Dispose();
    }

    /// <summary>Runs a command and returns its reply.</summary>
    /// <exception cref="QmpCommandException">QEMU answered with an error (<c>{"error": {"class": …, "desc": …}}</c>).</exception>
    /// <exception cref="QmpTimeoutException">No answer within <paramref name="timeout"/>.</exception>
    /// <exception cref="QmpDisconnectedException">The connection closed first.</exception>
    /// <exception cref="QmpException">The answer is not the reply QEMU documents.</exception>
    public async Task<TReply> ExecuteAsync<TReply>(IQmpCommand<TReply> command, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var arguments = command.ArgumentsType is { } type ? JsonSerializer.SerializeToElement(command, type) : (JsonElement?)null;
        var answer = await SendAsync(command.Execute, arguments, timeout, cancellationToken).ConfigureAwait(false);
        try
        {
            return (answer.ValueKind == JsonValueKind.Undefined ? JsonSerializer.Deserialize("{}", command.ReplyType) : answer.Deserialize(command.ReplyType))
                ?? throw new JsonException("null");
        }
        catch (JsonException e)
        {
            throw new QmpException($"QEMU's answer to '{command.Execute}' is not what QMP documents: {e.Message}", e);
        }
    }

    private async Task<JsonElement> SendAsync(string command, JsonElement? arguments, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        var id = Interlocked.Increment(ref _nextId);
        var answer = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = answer;
        try
        {
            if (_disconnected.Task.IsCompleted) throw new QmpDisconnectedException(command);
            var line = Line(command, arguments, id);
            await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await _stream.WriteAsync(line, cancellationToken).ConfigureAwait(false);
                await _stream.WriteAsync("\n"u8.ToArray(), cancellationToken).ConfigureAwait(false);
            }
            catch (IOException e)
            {
                throw new QmpDisconnectedException(command, e);
            }
            finally
            {
                _writeGate.Release();
            }
            var limit = timeout ?? DefaultCommandTimeout;
            try
            {
                return await answer.Task.WaitAsync(limit, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                throw new QmpTimeoutException(command, limit);
            }
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }
    }

    /// <summary><c>{"execute": …, "arguments": …, "id": n}</c>, without the newline.</summary>
    private static byte[] Line(string command, JsonElement? arguments, long id)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("execute", command);
            if (arguments is { } a)
            {
                writer.WritePropertyName("arguments");
                a.WriteTo(writer);
            }
            writer.WriteNumber("id", id);
            writer.WriteEndObject();
        }
        return buffer.ToArray();
    }

    private async Task ReadLoopAsync()
    {
        Exception? failure = null;
        try
        {
            while (await _reader.ReadLineAsync(_stop.Token).ConfigureAwait(false) is { } line)
            {
                if (line.Length == 0) continue;
                Dispatch(line);
            }
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException or JsonException)
        {
            failure = e;
        }
        foreach (var (id, pending) in _pending)
        {
            pending.TrySetException(new QmpDisconnectedException($"command #{id}", failure));
        }
        _events.Writer.TryComplete();
        _disconnected.TrySetResult();
    }

    private void Dispatch(string line)
    {
        using var doc = JsonDocument.Parse(line);
        var root = doc.RootElement;
        if (root.TryGetProperty("event", out var name))
        {
            var data = root.TryGetProperty("data", out var d) ? d.Clone() : default;
            var qmpEvent = new QmpEvent(name.GetString()!, data, QmpEvent.ReadTimestamp(root));
            _observer?.Invoke(qmpEvent);
            _events.Writer.TryWrite(qmpEvent);
            return;
        }
        if (!root.TryGetProperty("id", out var idElement) || !idElement.TryGetInt64(out var id) || !_pending.TryGetValue(id, out var pending))
        {
            return; // An answer nobody waits for any more (timed out).
        }
        if (root.TryGetProperty("error", out var error))
        {
            pending.TrySetException(new QmpCommandException(
                error.TryGetProperty("class", out var c) ? c.GetString() ?? "" : "",
                error.TryGetProperty("desc", out var desc) ? desc.GetString() ?? "" : ""));
        }
        else
        {
            pending.TrySetResult(root.TryGetProperty("return", out var value) ? value.Clone() : default);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _socket.Dispose();
        await _readLoop.ConfigureAwait(false);
        _disconnected.TrySetResult();
        _reader.Dispose();
        _stop.Dispose();
        _writeGate.Dispose();
    }
}
