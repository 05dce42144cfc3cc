using Flotilla.LoadTest.Execution;
using Flotilla.LoadTest.Results;

namespace Flotilla.Cli.Commands.LoadTest;

/// <summary>
/// The live line while a run goes: elapsed, VUs, RPS, errors, p95. On a terminal it rewrites
/// itself every second; into a log it prints a line every ten seconds.
/// </summary>
internal sealed class ProgressLine(TextWriter output, bool interactive) : IProgress<LiveStatus>
{
    private int _reports;
    private int _width;

    public void Report(LiveStatus status)
    {
        if (!interactive && ++_reports % 10 != 0) return;
        var line = $"running {Units.Duration(status.Elapsed.TotalMilliseconds)}/{Units.Duration(status.Planned.TotalMilliseconds)}  " +
            $"vus {status.Vus}  rps {Units.Count(status.Rps)}  reqs {status.Requests}  errors {status.Failed}  p95 {Units.Duration(status.P95Ms)}";
        lock (output)
        {
            if (interactive)
            {
                output.Write("\r" + line.PadRight(_width));
                _width = line.Length;
            }
            else output.WriteLine(line);
        }
    }

    /// <summary>Clears the rewritten line before the summary is printed.</summary>
    public void Finish()
    {
        if (interactive && _width > 0) lock (output) output.Write("\r" + new string(' ', _width) + "\r");
    }
}
