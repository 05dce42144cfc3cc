using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;
using Jint.Runtime.Interop;
using Jint.Runtime.Modules;

namespace Flotilla.LoadTest.Scripting.Modules;

/// <summary>
/// The <c>k6</c> module: <c>check</c>, <c>sleep</c>, <c>group</c>, <c>fail</c>. A check inside a
/// group is counted under <c>::group::name</c>, the name k6's JSON output gives it.
/// </summary>
internal static class K6Module
{
    public const string Name = "k6";
    public static readonly IReadOnlyList<string> Exports = ["check", "fail", "group", "sleep"];

    public static void Build(ModuleBuilder module, VuState vu)
    {
        var engine = vu.Engine;
        var functions = new (string Name, Func<JsValue, JsValue[], JsValue> Body, int Length)[]
        {
            ("check", (_, a) => Check(vu, a), 2),
            ("fail", (_, a) => throw new JavaScriptException(engine.Intrinsics.Error, a.Length > 0 && !a[0].IsUndefined() ? TypeConverter.ToString(a[0]) : "fail() called"), 1),
            ("group", (_, a) => Group(vu, a), 2),
            ("sleep", (_, a) => Sleep(vu, a), 1),
        };
        var all = new JsObject(engine);
        foreach (var (name, body, length) in functions)
        {
            var function = new ClrFunction(engine, name, body, length);
            module.ExportValue(name, function);
            all.FastSetDataProperty(name, function);
        }
        module.ExportValue("default", all);
    }

    /// <summary>
    /// k6's <c>check(value, { name: fn | value })</c>: each function gets <paramref name="args"/>[0];
    /// true when every check passed. A function that throws counts as failed, and the error ends
    /// the iteration.
    /// </summary>
    private static JsValue Check(VuState vu, JsValue[] args)
    {
        var value = args.Length > 0 ? args[0] : JsValue.Undefined;
        if (args.Length < 2 || args[1] is not ObjectInstance checks) return JsBoolean.True;
        var all = true;
        foreach (var key in checks.GetOwnPropertyKeys(Types.String))
        {
            if (!checks.GetOwnProperty(key).Enumerable) continue;
            var name = vu.GroupPath.Length == 0 ? key.ToString() : $"{vu.GroupPath}::{key}";
            var test = checks.Get(key);
            var passed = false;
            try
            {
                passed = TypeConverter.ToBoolean(test.IsCallable() ? vu.Engine.Call(test, JsValue.Undefined, [value]) : test);
            }
            finally
            {
                vu.Metrics?.RecordCheck(name, passed);
            }
            all &= passed;
        }
        return all ? JsBoolean.True : JsBoolean.False;
    }

    /// <summary>k6's <c>group(name, fn)</c>: runs <c>fn</c> with the group added to check names; returns what it returns.</summary>
    private static JsValue Group(VuState vu, JsValue[] args)
    {
        var name = args.Length > 0 ? TypeConverter.ToString(args[0]) : "";
        if (name.Length == 0 || name.Contains("::", StringComparison.Ordinal))
        {
            throw new JavaScriptException(vu.Engine.Intrinsics.Error, "group() needs a name without '::'");
        }
        if (args.Length < 2 || !args[1].IsCallable())
        {
            throw new JavaScriptException(vu.Engine.Intrinsics.TypeError, "group() needs a function as its second argument");
        }
        var outer = vu.GroupPath;
        vu.GroupPath = $"{outer}::{name}";
        try
        {
            return vu.Engine.Call(args[1], JsValue.Undefined, []);
        }
        finally
        {
            vu.GroupPath = outer;
        }
    }

    /// <summary>
    /// k6's <c>sleep(seconds)</c>: blocks the VU's own thread, waking early when the run's hard stop
    /// fires (the wait is on the token's handle, so a stop never waits out the sleep).
    /// </summary>
    private static JsValue Sleep(VuState vu, JsValue[] args)
    {
        var seconds = args.Length > 0 ? TypeConverter.ToNumber(args[0]) : 0;
        if (!(seconds > 0)) return JsValue.Undefined;
        var timeout = TimeSpan.FromMilliseconds(Math.Min(seconds * 1000, int.MaxValue - 1));
        if (vu.Token.WaitHandle.WaitOne(timeout)) throw new OperationCanceledException("the run stopped", vu.Token);
        return JsValue.Undefined;
    }
}
