namespace Flotilla.Cli.Commands.Output;

/// <summary>
/// What a long wait shows on stderr: on a terminal a line that rewrites itself (spinner, what is
/// awaited, elapsed time) and is cleared at the end; into a log nothing, so logs keep only results.
/// </summary>
internal sealed class Spinner : IAsyncDisposable
{
    private static readonly string[] Frames = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    private readonly TextWriter _output;
    private readonly TimeProvider _time;
    private readonly long _started;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _drawing;
    private string _text;
    private int _width;

    private Spinner(TextWriter output, TimeProvider time, string text)
    {
        _output = output;
        _time = time;
        _text = text;
        _started = time.GetTimestamp();
        _drawing = DrawAsync();
    }

    /// <summary>A spinner on stderr when it is a terminal; otherwise one that draws nothing.</summary>
    public static Spinner? Start(string text) =>
        Console.IsErrorRedirected ? null : new Spinner(Console.Error, TimeProvider.System, text);

    public void Update(string text) => Volatile.Write(ref _text, text);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _drawing.ConfigureAwait(false);
        _stop.Dispose();
        if (_width > 0) await _output.WriteAsync("\r" + new string(' ', _width) + "\r").ConfigureAwait(false);
    }

    private async Task DrawAsync()
    {
        using var timer = new PeriodicTimer(Interval, _time);
        var frame = 0;
        try
        {
            do
            {
                var elapsed = _time.GetElapsedTime(_started).TotalSeconds;
                var line = $"{Frames[frame++ % Frames.Length]} {Volatile.Read(ref _text)} ({elapsed:0.0} s)";
                await _output.WriteAsync("\r" + line.PadRight(_width)).ConfigureAwait(false);
                _width = Math.Max(_width, line.Length);
            }
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false));
        }
        catch (OperationCanceledException)
        {
            // Disposed: the wait is over.
        }
    }
}
