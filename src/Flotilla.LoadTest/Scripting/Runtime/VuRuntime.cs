using Flotilla.LoadTest.Execution;
using Flotilla.LoadTest.Scripting.Modules;
using Jint;
using JintOptions = Jint.Options;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime.Interop;

namespace Flotilla.LoadTest.Scripting.Runtime;

/// <summary>
/// One VU's JavaScript runtime, as in k6 where each VU has its own: a Jint engine with the k6
/// modules bound to the VU, the script's module evaluated once (its init code), and the
/// function each iteration calls. Used only on the VU's own thread.
/// </summary>
internal sealed class VuRuntime : IDisposable
{
    private const string ScriptSpecifier = "flotilla:script";

    private readonly Engine _engine;
    private readonly VuState _vu;
    private readonly IterationStop _stop;
    private readonly Dictionary<string, JsValue> _functions = new(StringComparer.Ordinal);

    private VuRuntime(Engine engine, VuState vu, IterationStop stop, ObjectInstance exports)
    {
        _engine = engine;
        _vu = vu;
        _stop = stop;
        Exports = exports;
    }

    /// <summary>The script module's exports (<c>options</c>, <c>default</c>, exec functions).</summary>
    public ObjectInstance Exports { get; }

    /// <summary>Builds the engine and runs the script's init code; <paramref name="stopping"/> interrupts it.</summary>
    /// <exception cref="Jint.Runtime.JavaScriptException">The init code threw.</exception>
    public static VuRuntime Start(PreparedScript script, JintOptions options, VuState vu, CancellationToken stopping)
    {
        var engine = new Engine(options);
        try
        {
            vu.Engine = engine;
            vu.Token = stopping;
            var stop = engine.Constraints.Find<IterationStop>() ?? throw new InvalidOperationException("the engine options lack the iteration stop");
            stop.Token = stopping;
            engine.Modules.Add(K6Module.Name, module => K6Module.Build(module, vu));
            engine.Modules.Add(HttpModule.Name, module => HttpModule.Build(module, vu));
            engine.Modules.Add(ScriptSpecifier, module => module.AddModule(in script.Module));
            engine.SetValue("__VU", vu.Id);
            engine.SetValue("__ITER", 0);
            engine.SetValue("console", ScriptConsole.Create(vu));
            engine.SetValue("open", new ClrFunction(engine, "open", (_, _) =>
                throw new Jint.Runtime.JavaScriptException(engine.Intrinsics.Error, "open() is not supported by flotilla loadtest")));
            return new VuRuntime(engine, vu, stop, engine.Modules.Import(ScriptSpecifier));
        }
        catch
        {
            engine.Dispose();
            throw;
        }
    }

    /// <summary>True when the script exports a function of that name.</summary>
    public bool ExportsFunction(string name) => Exports.Get(name).IsCallable();

    /// <summary>Runs one iteration: <paramref name="exec"/> (the default export when null) with <c>__ITER</c> set.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired (the hard stop).</exception>
    /// <exception cref="Exception">Whatever the script threw: a script error, which ends this iteration only.</exception>
    public void RunIteration(IterationContext iteration, string? exec, CancellationToken cancellationToken)
    {
        var function = Function(exec ?? "default");
        _engine.SetValue("__ITER", (double)iteration.Number);
        _stop.Token = cancellationToken;
        _vu.StartIteration(iteration.IntendedStart, cancellationToken);
        try
        {
            _engine.Call(function, JsValue.Undefined, []);
        }
        finally
        {
            _vu.InIteration = false;
        }
    }

    private JsValue Function(string name)
    {
        if (_functions.TryGetValue(name, out var function)) return function;
        function = Exports.Get(name);
        if (!function.IsCallable())
        {
            // K6Script checks exec names at load; this guards a factory used on its own.
            throw new Jint.Runtime.JavaScriptException(_engine.Intrinsics.TypeError, $"the script exports no function '{name}'");
        }
        _functions[name] = function;
        return function;
    }

    public void Dispose() => _engine.Dispose();
}
