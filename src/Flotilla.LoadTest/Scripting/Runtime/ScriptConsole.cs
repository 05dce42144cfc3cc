using System.Text;
using Flotilla.LoadTest.Scripting.Modules;
using Jint;
using Jint.Native;
using Jint.Native.Json;
using Jint.Native.Object;
using Jint.Runtime;
using Jint.Runtime.Interop;

namespace Flotilla.LoadTest.Scripting.Runtime;

/// <summary>
/// The script's <c>console</c>: <c>log</c>, <c>info</c>, <c>debug</c>, <c>warn</c> and <c>error</c>
/// write one line each to stderr, prefixed with the VU (<c>VU 3: …</c>, <c>init: …</c> while the
/// options are read), objects as JSON.
/// </summary>
internal static class ScriptConsole
{
    public static ObjectInstance Create(VuState vu)
    {
        var engine = vu.Engine;
        var prefix = vu.Id == 0 ? "init: " : $"VU {vu.Id}: ";
        var console = new JsObject(engine);
        foreach (var (name, level) in new[] { ("log", ""), ("info", ""), ("debug", "debug: "), ("warn", "warn: "), ("error", "error: ") })
        {
            console.FastSetDataProperty(name, new ClrFunction(engine, name, (_, args) =>
            {
                vu.Output.WriteLine(prefix + level + Format(engine, args));
                return JsValue.Undefined;
            }));
        }
        return console;
    }

    private static string Format(Engine engine, JsValue[] args)
    {
        var line = new StringBuilder();
        foreach (var arg in args)
        {
            if (line.Length > 0) line.Append(' ');
            line.Append(arg switch
            {
                _ when arg.IsString() => arg.AsString(),
                ObjectInstance o when !o.IsCallable() && !(o.Get("name").IsString() && o.Get("message").IsString()) => Json(engine, o),
                _ => TypeConverter.ToString(arg),
            });
        }
        return line.ToString().ReplaceLineEndings(" ");
    }

    private static string Json(Engine engine, ObjectInstance value)
    {
        try
        {
            return TypeConverter.ToString(new JsonSerializer(engine).Serialize(value));
        }
        catch (JavaScriptException)
        {
            // A cycle, or a BigInt: print what String(value) gives instead.
            return TypeConverter.ToString(value);
        }
    }
}
