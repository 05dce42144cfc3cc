using Jint;
using JintOptions = Jint.Options;
using Jint.Native;

namespace Flotilla.LoadTest.Scripting.Runtime;

/// <summary>
/// The Jint options every engine of a script shares (Jint registers constraints as factories, so
/// each engine still gets its own): strict mode (an ES module is strict anyway), the stack guard
/// that turns runaway recursion into a RangeError instead of a dead process, a recursion limit,
/// the iteration stop, and <c>__ENV</c> built only in engines whose script reads it.
/// </summary>
internal static class ScriptEngineOptions
{
    /// <summary>
    /// Calls of one function on the stack. The stack guard is what keeps the process alive (it
    /// measures the VU thread's stack); this only makes plain self-recursion fail early with a
    /// clear message, before the guard does.
    /// </summary>
    public const int RecursionLimit = 150;

    public static JintOptions Create(IReadOnlyDictionary<string, string> environment)
    {
        // Primitives carry no engine, so one set of strings serves every VU.
        var env = environment.Select(kv => new KeyValuePair<string, JsValue>(kv.Key, new JsString(kv.Value))).ToArray();
        var options = new JintOptions { Strict = true };
        options.Constraints.StackOverflowGuard = true;
        options.LimitRecursion(RecursionLimit);
        options.Constraint(() => new IterationStop());
        options.AddLazyGlobal("__ENV", engine => JsObject.CreateFromEntries(engine, env));
        return options;
    }
}
