using Flotilla.LoadTest.Scripting.Modules;
using Flotilla.LoadTest.Scripting.Options;
using Flotilla.LoadTest.Scripting.Runtime;

namespace Flotilla.LoadTest.Scripting;

/// <summary>
/// Runs a script's init code once at load, as VU 0 with no HTTP session (k6 reads options the same
/// way), on a thread sized like a VU's so deep init code behaves as it will in the run. Yields the
/// exported <c>options</c> as plain values and the names of the exported functions.
/// </summary>
internal sealed record InitContext(object? Options, IReadOnlySet<string> Functions)
{
    /// <exception cref="LoadTestInputException">The init code threw or ran past <paramref name="timeout"/>; one line with its location.</exception>
    public static InitContext Run(PreparedScript script, Jint.Options engineOptions, TimeSpan timeout)
    {
        InitContext? result = null;
        Exception? error = null;
        using var stop = new CancellationTokenSource(timeout);
        var thread = new Thread(() =>
        {
            try
            {
                var vu = new VuState(0, session: null, metrics: null, ScriptHttpSettings.Default, TextWriter.Synchronized(Console.Error));
                using var runtime = VuRuntime.Start(script, engineOptions, vu, stop.Token);
                var options = PlainValues.From(runtime.Exports.Get("options"), "options");
                var functions = runtime.Exports.GetOwnPropertyKeys(Jint.Runtime.Types.String)
                    .Select(k => k.ToString()).Where(runtime.ExportsFunction).ToHashSet(StringComparer.Ordinal);
                result = new InitContext(options, functions);
            }
            catch (Exception e)
            {
                // Carried to the loading thread, which words it; nothing is swallowed.
                error = e;
            }
        }, ScriptVirtualUser.StackSize) { IsBackground = true, Name = "script init" };
        thread.Start();
        thread.Join();
        return error switch
        {
            null => result!,
            LoadTestInputException input => throw new LoadTestInputException($"{script.Path}: {input.Message}", input),
            OperationCanceledException when stop.IsCancellationRequested =>
                throw new LoadTestInputException($"{script.Path}: the init code did not finish within {Execution.DurationText.Format(timeout)}"),
            _ => throw new LoadTestInputException(ScriptErrorText.Describe(error, script.Path), error),
        };
    }
}
